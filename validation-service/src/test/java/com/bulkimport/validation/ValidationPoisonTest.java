package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
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
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.Poison;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.rules.RowRules;

/**
 * Poison records on each topic validation reads: each goes to the dead-letter topic, as it was,
 * with the reason in its headers; it changes nothing, and the record after it is processed.
 */
class ValidationPoisonTest {

    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** The topics validation reads (see {@link ValidationTopology}). */
    enum Input {
        ACCOUNT_EVENTS, USERS_CREATED, IMPORT_SUBMISSIONS
    }

    static Stream<Arguments> cases() {
        return Stream.of(Input.values()).flatMap(input -> Stream.of(Poison.values()).map(p -> Arguments.of(input, p)));
    }

    @BeforeEach
    void startWithTheDemoFixture() throws Exception {
        var props = StreamsRunner.settings("validation-poison-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("validation-test").toString(), 100L));
        // The test driver drops what the deserialization handler dead-letters under exactly_once_v2 (a real
        // broker does not: ValidationIntegrationTest); the refusals and the handlers are the same either way.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(ValidationTopology.build(RowRules.standard(), StoreKind.IN_MEMORY), props);
        var accountEvents = driver.createInputTopic(Topics.ACCOUNT_EVENTS.name(), Serdes.String().serializer(),
                Topics.ACCOUNT_EVENTS.valueSerde().serializer());
        DemoFixture.load().accountEvents().forEach(e -> accountEvents.pipeInput(e.accountId(), e));
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void shouldDeadLetterThePoisonWithItsReasonAndProcessTheNextRecord(Input input, Poison poison) {
        KeyValueStore<String, String> users = driver.getKeyValueStore(AccountViewUpdater.USERS_STORE);
        switch (input) {
            case ACCOUNT_EVENTS -> {
                deadLetterThenProcess(Topics.ACCOUNT_EVENTS, poison,
                        new AccountEvent.UserRegistered("demo", "poison@demo.example", "150", List.of(), null), "email",
                        new AccountEvent.UserRegistered("demo", "next@demo.example", "151", List.of(), null));
                assertThat(users.get(StoreKey.user("demo", "poison@demo.example"))).isNull();
                assertThat(users.get(StoreKey.user("demo", "next@demo.example"))).isNotNull();
            }
            case USERS_CREATED -> {
                deadLetterThenProcess(Topics.USERS_CREATED, poison, userCreated("poison@demo.example", "150"), "userId",
                        userCreated("next@demo.example", "151"));
                assertThat(users.get(StoreKey.user("demo", "poison@demo.example"))).isNull();
                assertThat(users.get(StoreKey.user("demo", "next@demo.example"))).isNotNull();
            }
            case IMPORT_SUBMISSIONS -> {
                var validated = driver.createOutputTopic(Topics.ROWS_VALIDATED.name(), Serdes.String().deserializer(),
                        Topics.ROWS_VALIDATED.valueSerde().deserializer());
                var gates = driver.createOutputTopic(Topics.IMPORT_GATES.name(), Serdes.String().deserializer(),
                        Topics.IMPORT_GATES.valueSerde().deserializer());
                // Given an import of one row, asked for before the poison
                driver.createInputTopic(Topics.IMPORT_SUBMISSIONS.name(), Serdes.String().serializer(),
                        Topics.IMPORT_SUBMISSIONS.valueSerde().serializer()).pipeInput("demo", request("next-import"));
                deadLetterThenProcess(Topics.IMPORT_SUBMISSIONS, poison, request("poison-import"), "importId",
                        new ImportSubmission.RowSubmitted("next-import", "demo", 2, row("Ann Lee", "ann@demo.example")));
                assertThat(validated.readValuesToList()).extracting(RowValidated::importId).containsExactly("next-import");
                assertThat(gates.readValuesToList()).singleElement().satisfies(g -> {
                    assertThat(g.importId()).isEqualTo("next-import");
                    assertThat(g.outcome()).isEqualTo(ImportGateDecided.Outcome.RELEASED);
                });
            }
        }
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

    private static ImportSubmission.ImportRequested request(String importId) {
        return new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "u.csv", 1,
                List.of(TemplateColumn.DISPLAY_NAME.header(), TemplateColumn.EMAIL.header()), ImportOptions.defaults(),
                List.of(), Instant.now());
    }

    private static Map<String, String> row(String displayName, String email) {
        return Map.of(TemplateColumn.DISPLAY_NAME.header(), displayName, TemplateColumn.EMAIL.header(), email,
                TemplateColumn.LICENCE_TYPE.header(), "Essentials");
    }

    private static UserCreated userCreated(String email, String extension) {
        return new UserCreated(UserCreated.SCHEMA_VERSION, "demo", "u-" + extension, email, "User", "U", "Ser", null, null,
                "Essentials", extension, List.of(), "Main Company Address", "UTC", false, null, null, null, null, null,
                "earlier-import", 2, Instant.now());
    }
}
