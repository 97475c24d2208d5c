package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

class ImportViewTopologyTest {

    private TopologyTestDriver driver;

    @BeforeEach
    void start() throws Exception {
        driver = new TopologyTestDriver(ImportViewTopology.build(StoreKind.IN_MEMORY), StreamsRunner.settings("view-test",
                "dummy:9092", new PipelineProperties(1, (short) 1, Files.createTempDirectory("view").toString(), 100L)));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldFollowAnImportFromRequestToCompleted() {
        pipe(Topics.IMPORT_SUBMISSIONS, request("i1", 2));
        assertThat(view("i1").status()).isEqualTo(ImportStatus.VALIDATING);
        pipe(Topics.ROWS_VALIDATED, new RowValidated("i1", "demo", 2, List.of()));
        pipe(Topics.ROWS_VALIDATED, new RowValidated("i1", "demo", 3, List.of()));
        pipe(Topics.IMPORT_GATES, new ImportGateDecided("i1", "demo", ImportGateDecided.Outcome.RELEASED, List.of()));
        assertThat(view("i1").status()).isEqualTo(ImportStatus.IN_PROGRESS);
        pipe(Topics.ROWS_PROVISIONED, provisioned("i1", 2, RowProvisioned.Outcome.CREATED));
        pipe(Topics.ROWS_PROVISIONED, provisioned("i1", 3, RowProvisioned.Outcome.SKIPPED));

        ImportView done = view("i1");
        assertThat(done.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(done.counts()).isEqualTo(new ImportView.Counts(2, 0, 1, 0, 1));
    }

    @Test
    void shouldShowAGateOnlyOnceEveryRowsResultIsCounted() {
        // The gate and the rows' results come on different topics: the view may apply the gate first.
        pipe(Topics.IMPORT_SUBMISSIONS, request("i3", 2));
        pipe(Topics.ROWS_VALIDATED, new RowValidated("i3", "demo", 2, List.of()));
        pipe(Topics.IMPORT_GATES, new ImportGateDecided("i3", "demo", ImportGateDecided.Outcome.VALIDATION_FAILED, List.of()));
        assertThat(view("i3").status()).isEqualTo(ImportStatus.VALIDATION_FAILED);
        assertThat(view("i3").shown().status()).as("one row's result not counted yet").isEqualTo(ImportStatus.VALIDATING);

        pipe(Topics.ROWS_VALIDATED, new RowValidated("i3", "demo", 3, List.of(RowError.of(3, TemplateColumn.EMAIL,
                "eve.ash-at-demo.example", ErrorCode.EMAIL_INVALID, "Not an email address."))));
        assertThat(view("i3").shown().status()).isEqualTo(ImportStatus.VALIDATION_FAILED);
        assertThat(view("i3").shown().counts().failed()).isEqualTo(1);
    }

    @Test
    void shouldCountAGivenUpEmailSentAgainAsSentAndOneRefusedAgainAsFailed() {
        pipe(Topics.IMPORT_SUBMISSIONS, request("i3", 3));
        pipe(Topics.NOTIFICATION_RESULTS, email("i3", 2, true, null));
        pipe(Topics.NOTIFICATION_RESULTS, email("i3", 3, false, null));
        pipe(Topics.NOTIFICATION_RESULTS, email("i3", 4, false, null));
        assertThat(view("i3").emails()).isEqualTo(new ImportView.Emails(1, 2));

        // an operator has the two given-up emails sent again: one goes, one is refused again
        pipe(Topics.NOTIFICATION_RESULTS, email("i3", 3, true, true));
        pipe(Topics.NOTIFICATION_RESULTS, email("i3", 4, false, true));

        assertThat(view("i3").emails()).isEqualTo(new ImportView.Emails(2, 1));
    }

    private static NotificationResult email(String importId, int row, boolean sent, Boolean resent) {
        return new NotificationResult(importId, "demo", row, NotificationRequested.Kind.WELCOME, "u" + row + "@demo.example",
                sent, sent ? null : "mail server replied 550 5.1.1 user unknown", resent);
    }

    @Test
    void shouldKeepResultsThatArriveBeforeTheirRequest() {
        // Given results read before the request (they come on other topics)
        pipe(Topics.ROWS_VALIDATED, new RowValidated("i2", "demo", 2, List.of()));
        pipe(Topics.IMPORT_GATES, new ImportGateDecided("i2", "demo", ImportGateDecided.Outcome.RELEASED, List.of()));
        pipe(Topics.ROWS_PROVISIONED, provisioned("i2", 2, RowProvisioned.Outcome.CREATED));
        assertThat(view("i2").status()).as("not complete without its row count").isEqualTo(ImportStatus.IN_PROGRESS);

        // When the request arrives
        pipe(Topics.IMPORT_SUBMISSIONS, request("i2", 1));

        // Then nothing was lost and the import is complete
        ImportView view = view("i2");
        assertThat(view.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(view.counts()).isEqualTo(new ImportView.Counts(1, 0, 1, 0, 0));
        assertThat(view.fileName()).isEqualTo("u.csv");
    }

    @Test
    void shouldShowAnImportThePipelineRefusedWithItsFinalStatusTheRunningImportAndNoRowsKept() {
        // Given an import's request and rows, read before its refusal
        pipe(Topics.IMPORT_SUBMISSIONS, request("second", 2));
        pipe(Topics.IMPORT_SUBMISSIONS, new ImportSubmission.RowSubmitted("second", "demo", 2, java.util.Map.of("a", "b")));

        // When validation refuses it: another import of the account is running
        pipe(Topics.IMPORT_GATES, ImportGateDecided.rejectedImportRunning("second", "demo", "first"));
        // and its last row is read after the refusal
        pipe(Topics.IMPORT_SUBMISSIONS, new ImportSubmission.RowSubmitted("second", "demo", 3, java.util.Map.of("a", "c")));

        // Then it is shown refused, for good (no row result will come), naming the running import, not active
        ImportView view = view("second");
        assertThat(view.status()).isEqualTo(ImportStatus.REJECTED_IMPORT_RUNNING);
        assertThat(view.shown().status()).isEqualTo(ImportStatus.REJECTED_IMPORT_RUNNING);
        assertThat(view.runningImportId()).isEqualTo("first");
        assertThat(view.active()).isFalse();
        // and none of its rows is kept
        KeyValueStore<String, StoredRow> rows = driver.getKeyValueStore(ImportViewTopology.ROWS_STORE);
        try (var all = rows.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void shouldKeepARefusalReadBeforeItsRequest() {
        // The refusal comes on another topic than the request, with the request's time: either may be read first.
        pipe(Topics.IMPORT_GATES, ImportGateDecided.rejectedImportRunning("second", "demo", "first"));
        pipe(Topics.IMPORT_SUBMISSIONS, request("second", 2));

        ImportView view = view("second");
        assertThat(view.shown().status()).isEqualTo(ImportStatus.REJECTED_IMPORT_RUNNING);
        assertThat(view.runningImportId()).isEqualTo("first");
        assertThat(view.fileName()).isEqualTo("u.csv");
        assertThat(view.rowCount()).isEqualTo(2);
    }

    private static ImportSubmission request(String importId, int rows) {
        return new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "u.csv", rows, List.of(),
                ImportOptions.defaults(), List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static RowProvisioned provisioned(String importId, int row, RowProvisioned.Outcome outcome) {
        return new RowProvisioned(importId, "demo", row, outcome, "u" + row, "u" + row + "@demo.example", "U", "Essentials",
                "10" + row, List.of(), "Main Company Address", List.of(), List.of());
    }

    private <V> void pipe(Topic<String, V> topic, V value) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer())
                .pipeInput("demo", value);
    }

    private ImportView view(String importId) {
        KeyValueStore<String, ImportView> store = driver.getKeyValueStore(ImportViewTopology.IMPORTS_STORE);
        return store.get(ImportViewTopology.importKey("demo", importId));
    }
}
