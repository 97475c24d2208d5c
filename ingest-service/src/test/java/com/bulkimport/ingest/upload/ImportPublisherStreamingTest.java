package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.Topics;

/** The publisher sends each row as it is handed over, inside the one transaction, and holds none. */
class ImportPublisherStreamingTest {

    private final MockProducer<String, ImportSubmission> producer = new MockProducer<>(true, null,
            new StringSerializer(), Topics.IMPORT_SUBMISSIONS.valueSerde().serializer());
    private final ImportPublisher publisher;

    ImportPublisherStreamingTest() {
        producer.initTransactions();
        publisher = new ImportPublisher(new KafkaTemplate<>(new MockProducerFactory<>((tx, id) -> producer, "test-")),
                1024 * 1024);
    }

    @Test
    void shouldSendEachRowBeforeTheNextIsReadAndCommitOnce() {
        publisher.publish(request(3), send -> {
            for (int i = 0; i < 3; i++) {
                send.accept(row(i));
                // Already with the producer (request + rows so far), uncommitted: nothing waits in the publisher.
                assertThat(producer.uncommittedRecords()).hasSize(i + 2);
                assertThat(producer.history()).isEmpty();
            }
            return 3;
        });

        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).extracting(ProducerRecord::value)
                .containsExactly(request(3), row(0), row(1), row(2));
    }

    @Test
    void shouldPublishNothingWhenTheRowsAreNotTheAnnouncedCount() {
        assertThatThrownBy(() -> publisher.publish(request(3), send -> {
            send.accept(row(0));
            send.accept(row(1));
            return 2;
        })).hasMessageContaining("announced 3 rows but 2 were read");

        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
    }

    private static ImportRequested request(int rows) {
        return new ImportRequested("i", "demo", "demo-admin", "f.csv", rows, List.of("Display Name (Mandatory)"),
                new ImportOptions(true, false, PasswordDelivery.NONE, null, false, false), List.of(), Instant.EPOCH);
    }

    private static RowSubmitted row(int i) {
        return new RowSubmitted("i", "demo", i + 2, Map.of("Display Name (Mandatory)", "User " + i));
    }
}
