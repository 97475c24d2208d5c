package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.RunningImport;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.events.StoreKey;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.testing.Poison;

/**
 * The validation service as it runs: its Spring application and Kafka Streams topology
 * ({@code exactly_once_v2}, persistent stores) against a real embedded KRaft broker, read back as
 * ingest and provisioning read it ({@code read_committed}).
 */
@SpringBootTest(classes = ValidationApplication.class, properties = {
        ValidationApplication.CONFIG, "server.port=0", "bulkimport.kafka.partitions=3" })
@EmbeddedPipelineKafka
class ValidationIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("validation-it").toString();
        registry.add("bulkimport.kafka.state-dir", () -> dir);
    }

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private StreamsRunner validationStreams;

    private KafkaTestSupport kafka;

    @BeforeEach
    void loadTheDemoAccountsOnce() {
        kafka = new KafkaTestSupport(broker.getBrokersAsString());
        KafkaTestSupport.await("Kafka Streams RUNNING", Duration.ofSeconds(60), validationStreams::isQueryable);
        if (!fixtureApplied()) {
            TopicProvisioner.ensureTopics(broker.getBrokersAsString(), 3, (short) 1);
            FixtureLoader.publish(broker.getBrokersAsString(), DemoFixture.load());
            // The fixture's last event for demo is its existing user: once validation has it, it has the rest.
            KafkaTestSupport.await("the demo fixture applied", TIMEOUT, this::fixtureApplied);
        }
    }

    @Test
    void shouldValidateTwoGoodRowsReleaseTheImportAndCommandTwoUsers() {
        // Given the demo account known to validation, and an import of two valid rows
        String importId = "it-" + UUID.randomUUID();

        // When ingest publishes it: the request and its rows in one transaction, keyed by account id
        submit(importId, row("Ann Lee", "ann.lee@demo.example", "Essentials"),
                row("Bob Ray", "bob.ray@demo.example", "advanced"));

        // Then each row is validated, once
        List<RowValidated> validated = values(kafka.readCommitted(Topics.ROWS_VALIDATED,
                r -> importId.equals(r.value().importId()), found -> found.size() >= 2, TIMEOUT));
        assertThat(validated).hasSize(2).allMatch(RowValidated::valid);
        assertThat(validated).extracting(RowValidated::row).containsExactly(2, 3);

        // and the gate is decided once: released
        List<ImportGateDecided> gates = values(kafka.readCommitted(Topics.IMPORT_GATES,
                r -> importId.equals(r.value().importId()), found -> !found.isEmpty(), TIMEOUT));
        assertThat(gates).singleElement()
                .satisfies(g -> assertThat(g.outcome()).isEqualTo(ImportGateDecided.Outcome.RELEASED));

        // and provisioning gets one command per row, keyed by the account
        List<ConsumerRecord<String, ProvisionUser>> commands = kafka.readCommitted(Topics.PROVISION_REQUESTS,
                r -> importId.equals(r.value().importId()), found -> found.size() >= 2, TIMEOUT);
        assertThat(commands).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("demo"));
        assertThat(values(commands)).extracting(ProvisionUser::row).containsExactly(2, 3);
        assertThat(values(commands)).extracting(c -> c.user().email())
                .containsExactly("ann.lee@demo.example", "bob.ray@demo.example");
        // each with the licence type in the account's own spelling
        assertThat(values(commands)).extracting(ProvisionUser::licenceType).containsExactly("Essentials", "Advanced");
        provisioned(importId, 2);
    }

    @Test
    void shouldDeadLetterAnUnreadableSubmissionWithItsReasonAndGoOnWithTheNextImport() {
        // Given a record that is not JSON, on the demo account's partition of the submissions
        byte[] garbage = ("{not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        kafka.sendRaw(Topics.IMPORT_SUBMISSIONS.name(), "demo", garbage);

        // When a valid import follows it on the same partition
        String importId = "it-" + UUID.randomUUID();
        submit(importId, row("Cy Fox", "cy.fox@demo.example", "Essentials"));

        // Then the partition moved on: the import behind the bad record is released
        List<ImportGateDecided> gates = values(kafka.readCommitted(Topics.IMPORT_GATES,
                r -> importId.equals(r.value().importId()), found -> !found.isEmpty(), TIMEOUT));
        assertThat(gates).singleElement()
                .satisfies(g -> assertThat(g.outcome()).isEqualTo(ImportGateDecided.Outcome.RELEASED));
        provisioned(importId, 1);

        // and the bad record is in the dead-letter topic, bytes and key as they were, the reason in its headers
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommittedRaw(Topics.DEAD_LETTERS.name(),
                r -> Arrays.equals(r.value(), garbage), found -> !found.isEmpty(), TIMEOUT);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
            Map<String, String> headers = headers(r);
            System.out.println("Dead-letter headers: " + headers.keySet());
            assertThat(headers).containsKeys("__streams.errors.exception", "__streams.errors.message",
                    "__streams.errors.stacktrace", "__streams.errors.topic", "__streams.errors.partition",
                    "__streams.errors.offset");
            assertThat(headers.get("__streams.errors.exception")).contains("SerializationException");
            assertThat(headers.get("__streams.errors.message")).contains("Cannot read ImportSubmission");
            assertThat(headers.get("__streams.errors.topic")).isEqualTo(Topics.IMPORT_SUBMISSIONS.name());
        });
    }

    @ParameterizedTest
    @EnumSource(Poison.class)
    void shouldDeadLetterEachKindOfPoisonUnderExactlyOnceAndGoOnWithTheNextImport(Poison poison) {
        // Given a poison submission (made from a good one) on the demo account's topic
        String poisonImport = "poison-" + UUID.randomUUID();
        Poison.Record bad = poison.of(Topics.IMPORT_SUBMISSIONS, new ImportSubmission.ImportRequested(poisonImport,
                "demo", "demo-admin", "users.csv", 1, List.of(TemplateColumn.DISPLAY_NAME.header()),
                ImportOptions.defaults(), List.of(), Instant.now()), "importId");
        kafka.sendRaw(Topics.IMPORT_SUBMISSIONS.name(), bad.key(), bad.value());

        // When a valid import follows it
        String importId = "it-" + UUID.randomUUID();
        submit(importId, row("Di Orr", "di.orr@demo.example", "Essentials"));

        // Then the import behind it is released, and the poison is in the dead-letter topic with its reason
        assertThat(values(kafka.readCommitted(Topics.IMPORT_GATES, r -> importId.equals(r.value().importId()),
                found -> !found.isEmpty(), TIMEOUT))).singleElement()
                .satisfies(g -> assertThat(g.outcome()).isEqualTo(ImportGateDecided.Outcome.RELEASED));
        provisioned(importId, 1);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommittedRaw(Topics.DEAD_LETTERS.name(),
                r -> Arrays.equals(r.value(), bad.value()), found -> !found.isEmpty(), TIMEOUT);
        assertThat(dead).singleElement().satisfies(r ->
                bad.assertDeadLettered(Topics.IMPORT_SUBMISSIONS.name(), r.key(), r.value(), r.headers()));
    }

    /**
     * Reports every row of a released import of demo as provisioning would, and waits until
     * validation has counted them: demo is free for the next test's import (one import per account
     * at a time).
     */
    private void provisioned(String importId, int rows) {
        List<RowProvisioned> outcomes = new ArrayList<>();
        for (int row = 2; row < rows + 2; row++) {
            outcomes.add(new RowProvisioned(importId, "demo", row, RowProvisioned.Outcome.CREATED, "u-" + row, null, null,
                    null, null, List.of(), null, List.of(), List.of()));
        }
        kafka.sendInOneTransaction(Topics.ROWS_PROVISIONED, outcomes, RowProvisioned::accountId);
        KafkaTestSupport.await("demo free for its next import", TIMEOUT, () -> validationStreams.streams().store(
                StoreQueryParameters.fromNameAndType(ImportGatherer.RUNNING_IMPORTS_STORE,
                        QueryableStoreTypes.<String, RunningImport>keyValueStore())).get("demo") == null);
    }

    private boolean fixtureApplied() {
        var users = validationStreams.streams().store(StoreQueryParameters.fromNameAndType(
                AccountViewUpdater.USERS_STORE, QueryableStoreTypes.<String, String>keyValueStore()));
        return users.get(StoreKey.user("demo", "existing.user@demo.example")) != null;
    }

    @SafeVarargs
    private void submit(String importId, Map<String, String>... rows) {
        List<ImportSubmission> records = new ArrayList<>();
        records.add(new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "users.csv", rows.length,
                List.of(TemplateColumn.DISPLAY_NAME.header(), TemplateColumn.EMAIL.header(),
                        TemplateColumn.LICENCE_TYPE.header()),
                ImportOptions.defaults(), List.of(), Instant.now()));
        for (int i = 0; i < rows.length; i++) {
            records.add(new ImportSubmission.RowSubmitted(importId, "demo", i + 2, rows[i]));
        }
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, records, ImportSubmission::accountId);
    }

    private static Map<String, String> row(String displayName, String email, String licence) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TemplateColumn.DISPLAY_NAME.header(), displayName);
        values.put(TemplateColumn.EMAIL.header(), email);
        values.put(TemplateColumn.LICENCE_TYPE.header(), licence);
        return values;
    }

    private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
