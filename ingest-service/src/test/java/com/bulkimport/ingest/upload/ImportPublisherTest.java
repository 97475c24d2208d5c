package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.PasswordDelivery;

class ImportPublisherTest {

    private final ImportRequested request = new ImportRequested("i", "demo", "demo-admin", "f.csv", 2,
            List.of("Display Name (Mandatory)"), new ImportOptions(true, false, PasswordDelivery.NONE, null, false, false),
            List.of(), Instant.EPOCH);

    @Test
    void shouldFindTheFirstRowTheProducerWouldRefuse() {
        ImportPublisher publisher = new ImportPublisher(null, 4096);
        RowSubmitted small = new RowSubmitted("i", "demo", 2, Map.of("Display Name (Mandatory)", "Ann"));
        RowSubmitted large = new RowSubmitted("i", "demo", 3, Map.of("Display Name (Mandatory)", "A".repeat(4096)));

        assertThat(publisher.firstTooLarge(request, List.of(small, small))).isEmpty();
        assertThat(publisher.firstTooLarge(request, List.of(small, large))).hasValue(1);
    }
}
