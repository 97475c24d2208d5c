package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.AccountKeyed;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.Poison;

/**
 * Poison records on each topic the import view reads: each goes to the dead-letter topic, as it
 * was, with the reason in its headers; it changes nothing, and the record after it is applied.
 */
class ImportViewPoisonTest {

    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** The topics the import view reads (see {@link ImportViewTopology}). */
    enum Input {
        ACCOUNT_EVENTS, IMPORT_SUBMISSIONS, ROWS_VALIDATED, IMPORT_GATES, ROWS_PROVISIONED, NOTIFICATION_RESULTS
    }

    static Stream<Arguments> cases() {
        return Stream.of(Input.values()).flatMap(input -> Stream.of(Poison.values()).map(p -> Arguments.of(input, p)));
    }

    @BeforeEach
    void start() throws Exception {
        var props = StreamsRunner.settings("view-poison-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("view").toString(), 100L));
        // The test driver drops what the deserialization handler dead-letters under exactly_once_v2 (a real
        // broker does not: ValidationIntegrationTest); the refusals and the handlers are the same either way.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(ImportViewTopology.build(StoreKind.IN_MEMORY), props);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void shouldDeadLetterThePoisonWithItsReasonAndApplyTheNextRecord(Input input, Poison poison) {
        switch (input) {
            case ACCOUNT_EVENTS -> {
                deadLetterThenProcess(Topics.ACCOUNT_EVENTS, poison,
                        new AccountEvent.LicenceChanged("demo", "PoisonLicence", 5, 0), "licenceType",
                        new AccountEvent.LicenceChanged("demo", "NextLicence", 5, 0));
                KeyValueStore<String, AccountSummary> accounts = driver.getKeyValueStore(ImportViewTopology.ACCOUNTS_STORE);
                assertThat(accounts.get("demo").licenceTypes()).containsExactly("NextLicence");
            }
            case IMPORT_SUBMISSIONS -> importRecords(Topics.IMPORT_SUBMISSIONS, poison, "importId",
                    importId -> new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "u.csv", 1, List.of(),
                            ImportOptions.defaults(), List.of(), Instant.parse("2026-01-01T00:00:00Z")));
            case ROWS_VALIDATED -> importRecords(Topics.ROWS_VALIDATED, poison, "row",
                    importId -> new RowValidated(importId, "demo", 2, List.of()));
            case IMPORT_GATES -> importRecords(Topics.IMPORT_GATES, poison, "outcome",
                    importId -> new ImportGateDecided(importId, "demo", ImportGateDecided.Outcome.RELEASED, List.of()));
            case ROWS_PROVISIONED -> importRecords(Topics.ROWS_PROVISIONED, poison, "outcome",
                    importId -> new RowProvisioned(importId, "demo", 2, RowProvisioned.Outcome.CREATED, "u2",
                            "u2@demo.example", "U", "Essentials", "102", List.of(), "Main Company Address", List.of(),
                            List.of()));
            case NOTIFICATION_RESULTS -> importRecords(Topics.NOTIFICATION_RESULTS, poison, "sent",
                    importId -> new NotificationResult(importId, "demo", 2, NotificationRequested.Kind.WELCOME,
                            "u2@demo.example", true, null));
        }
    }

    /** The poison is of one import, the next record of another: only the other one is in the view. */
    private <V extends AccountKeyed> void importRecords(Topic<String, V> topic, Poison poison, String required,
            Function<String, V> recordOf) {
        deadLetterThenProcess(topic, poison, recordOf.apply("poison-import"), required, recordOf.apply("next-import"));
        KeyValueStore<String, ImportView> imports = driver.getKeyValueStore(ImportViewTopology.IMPORTS_STORE);
        assertThat(imports.get(ImportViewTopology.importKey("demo", "poison-import"))).isNull();
        assertThat(imports.get(ImportViewTopology.importKey(Poison.OTHER_ACCOUNT, "poison-import"))).isNull();
        assertThat(imports.get(ImportViewTopology.importKey("demo", "next-import"))).isNotNull();
    }

    /** Pipes the poison made from {@code base}, then {@code next}; the poison alone is dead-lettered. */
    private <V extends AccountKeyed> void deadLetterThenProcess(Topic<String, V> topic, Poison poison, V base,
            String required, V next) {
        Poison.Record bad = poison.of(topic, base, required);
        driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(bad.keyBytes(), bad.value());
        driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer())
                .pipeInput(next.accountId(), next);

        assertThat(deadLetters.readRecordsToList()).singleElement()
                .satisfies(r -> bad.assertDeadLettered(topic.name(), r.key(), r.value(), r.headers()));
    }
}
