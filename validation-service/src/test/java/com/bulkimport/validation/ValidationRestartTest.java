package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.RunningImport;
import com.bulkimport.validation.rules.RowRules;

/**
 * What validation knows survives a restart (DESIGN invariant 4): its topology on a real broker,
 * exactly-once and persistent stores, stopped mid-import and started again on an empty state
 * folder (as another instance would take the task over). The one-import-per-account rule: what it
 * knew of the running import comes back from its store's changelog, not from the memory of the
 * instance that accepted it. The values a file claimed (unique within it), which have no changelog:
 * they are made again from the gathered rows ({@code ImportGatherer.rebuildClaimedValues}).
 */
@EmbeddedPipelineKafka
class ValidationRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SMALL_ACCOUNT = "demo-small";
    private static final String APPLICATION_ID = "validation-restart-test";

    private StreamsRunner validation;
    private String servers;

    @AfterEach
    void stop() {
        if (validation != null) {
            validation.stop();
        }
    }

    @Test
    void shouldRefuseAnImportOfAnAccountWhoseReleasedImportRunsAfterARestartWithoutLocalState(EmbeddedKafkaBroker broker)
            throws Exception {
        KafkaTestSupport kafka = startOn(broker);
        KafkaTestSupport.await("the demo fixture applied", TIMEOUT, () -> validation.streams().store(
                StoreQueryParameters.fromNameAndType(AccountViewUpdater.USERS_STORE,
                        QueryableStoreTypes.<String, String>keyValueStore()))
                .get(StoreKey.user("demo", "existing.user@demo.example")) != null);

        // Given an import of two rows released to provisioning
        submit(kafka, "first", "ann");
        assertThat(gate(kafka, "first").outcome()).isEqualTo(Outcome.RELEASED);
        KafkaTestSupport.await("the first import running", TIMEOUT, () -> running("demo") != null);

        // When validation stops and starts again with an empty state folder, and another import arrives
        validation.stop();
        validation = start(servers);
        submit(kafka, "second", "bob");

        // Then the second is refused, naming the first, which still holds the account
        ImportGateDecided refused = gate(kafka, "second");
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED_IMPORT_RUNNING);
        assertThat(refused.runningImportId()).isEqualTo("first");

        // and once provisioning has reported both rows of the first, the account's next import runs
        kafka.sendInOneTransaction(Topics.ROWS_PROVISIONED, List.of(provisioned("first", 2), provisioned("first", 3)),
                RowProvisioned::accountId);
        KafkaTestSupport.await("the account free", TIMEOUT, () -> running("demo") == null);
        submit(kafka, "third", "cy");
        assertThat(gate(kafka, "third").outcome()).isEqualTo(Outcome.RELEASED);
    }

    @Test
    void shouldStillRefuseAValueRepeatedInTheFileAfterARestartWithoutLocalState(EmbeddedKafkaBroker broker)
            throws Exception {
        KafkaTestSupport kafka = startOn(broker);

        // Given an import of three rows whose first row has been checked
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, List.of(
                new ImportSubmission.ImportRequested("dup", SMALL_ACCOUNT, "demo-admin", "u.csv", 3, List.of(),
                        ImportOptions.defaults(), List.of(), Instant.now()),
                new ImportSubmission.RowSubmitted("dup", SMALL_ACCOUNT, 2, fileRow("Ann Lee", "ann@small.example"))),
                ImportSubmission::accountId);
        assertThat(validated(kafka, 1)).singleElement().satisfies(r -> assertThat(r.valid()).isTrue());

        // When validation stops and starts again with an empty state folder, and the file's other rows arrive
        validation.stop();
        validation = start(servers);
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, List.of(
                new ImportSubmission.RowSubmitted("dup", SMALL_ACCOUNT, 3, fileRow("Ann Again", "ANN@small.example")),
                new ImportSubmission.RowSubmitted("dup", SMALL_ACCOUNT, 4, fileRow("Cy Fox", "cy@small.example"))),
                ImportSubmission::accountId);

        // Then the row repeating the first row's email is refused, naming that row, and the other passes
        List<RowValidated> rows = validated(kafka, 3).stream().sorted(Comparator.comparingInt(RowValidated::row)).toList();
        assertThat(rows).extracting(RowValidated::row).containsExactly(2, 3, 4);
        assertThat(rows.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.EMAIL_DUPLICATE_IN_FILE);
            assertThat(e.message()).contains("row 2");
        });
        assertThat(rows.get(2).valid()).isTrue();
    }

    /** The pipeline's topics and the demo fixture on the broker, and validation started on it. */
    private KafkaTestSupport startOn(EmbeddedKafkaBroker broker) throws Exception {
        servers = broker.getBrokersAsString();
        TopicProvisioner.ensureTopics(servers, EmbeddedPipelineKafka.PARTITIONS, (short) 1);
        FixtureLoader.publish(servers, DemoFixture.load());
        validation = start(servers);
        return new KafkaTestSupport(servers);
    }

    private static StreamsRunner start(String servers) throws Exception {
        StreamsRunner runner = new StreamsRunner(APPLICATION_ID,
                ValidationTopology.build(RowRules.standard(), StoreKind.PERSISTENT), servers,
                new PipelineProperties(EmbeddedPipelineKafka.PARTITIONS, (short) 1,
                        Files.createTempDirectory("validation-restart").toString(), 100L));
        runner.start();
        KafkaTestSupport.await("Kafka Streams RUNNING", TIMEOUT, runner::isQueryable);
        return runner;
    }

    private RunningImport running(String accountId) {
        return validation.streams().store(StoreQueryParameters.fromNameAndType(ImportGatherer.RUNNING_IMPORTS_STORE,
                QueryableStoreTypes.<String, RunningImport>keyValueStore())).get(accountId);
    }

    private static ImportGateDecided gate(KafkaTestSupport kafka, String importId) {
        List<ConsumerRecord<String, ImportGateDecided>> gates = kafka.readCommitted(Topics.IMPORT_GATES,
                r -> r.value().importId().equals(importId), found -> !found.isEmpty(), TIMEOUT);
        assertThat(gates).hasSize(1);
        return gates.get(0).value();
    }

    private static void submit(KafkaTestSupport kafka, String importId, String user) {
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, List.of(
                new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "u.csv", 2, List.of(),
                        ImportOptions.defaults(), List.of(), Instant.now()),
                new ImportSubmission.RowSubmitted(importId, "demo", 2, row(user + "-1")),
                new ImportSubmission.RowSubmitted(importId, "demo", 3, row(user + "-2"))), ImportSubmission::accountId);
    }

    private static Map<String, String> row(String name) {
        return Map.of(TemplateColumn.DISPLAY_NAME.header(), "User " + name, TemplateColumn.EMAIL.header(),
                name + "@demo.example", TemplateColumn.LICENCE_TYPE.header(), "Essentials");
    }

    private static RowProvisioned provisioned(String importId, int row) {
        return new RowProvisioned(importId, "demo", row, RowProvisioned.Outcome.CREATED, "u-" + row, null, null, null,
                null, List.of(), null, List.of(), List.of());
    }

    private static List<RowValidated> validated(KafkaTestSupport kafka, int atLeast) {
        return kafka.readCommitted(Topics.ROWS_VALIDATED, r -> r.value().importId().equals("dup"),
                found -> found.size() >= atLeast, TIMEOUT).stream().map(ConsumerRecord::value).toList();
    }

    private static Map<String, String> fileRow(String name, String email) {
        return Map.of(TemplateColumn.DISPLAY_NAME.header(), name, TemplateColumn.EMAIL.header(), email,
                TemplateColumn.LICENCE_TYPE.header(), "");
    }
}
