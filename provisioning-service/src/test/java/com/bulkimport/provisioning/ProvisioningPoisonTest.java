package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
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
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.testing.Poison;

/**
 * Poison records on each topic provisioning reads: each goes to the dead-letter topic, as it was,
 * with the reason in its headers; it changes nothing, and the record after it is processed.
 */
class ProvisioningPoisonTest {

    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** The topics provisioning reads (see {@link ProvisioningTopology}). */
    enum Input {
        ACCOUNT_EVENTS, PROVISION_REQUESTS
    }

    static Stream<Arguments> cases() {
        return Stream.of(Input.values()).flatMap(input -> Stream.of(Poison.values()).map(p -> Arguments.of(input, p)));
    }

    @BeforeEach
    void startWithTheDemoFixture() throws Exception {
        var props = StreamsRunner.settings("provisioning-poison-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("provisioning-test").toString(), 100L));
        // The test driver drops what the deserialization handler dead-letters under exactly_once_v2 (a real
        // broker does not: ValidationIntegrationTest); the refusals and the handlers are the same either way.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(ProvisioningTopology.build(new PasswordSealer(PasswordSealer.newKey()),
                StoreKind.IN_MEMORY), props);
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
        switch (input) {
            case ACCOUNT_EVENTS -> {
                KeyValueStore<String, DirectoryUser> directory = driver.getKeyValueStore(DirectoryUpdater.USERS_STORE);
                deadLetterThenProcess(Topics.ACCOUNT_EVENTS, poison,
                        new AccountEvent.UserRegistered("demo", "poison@demo.example", "150", List.of(), null), "email",
                        new AccountEvent.UserRegistered("demo", "next@demo.example", "151", List.of(), null));
                assertThat(directory.get(StoreKey.user("demo", "poison@demo.example"))).isNull();
                assertThat(directory.get(StoreKey.user("demo", "next@demo.example")).extension()).isEqualTo("151");
            }
            case PROVISION_REQUESTS -> {
                var results = driver.createOutputTopic(Topics.ROWS_PROVISIONED.name(), Serdes.String().deserializer(),
                        Topics.ROWS_PROVISIONED.valueSerde().deserializer());
                deadLetterThenProcess(Topics.PROVISION_REQUESTS, poison, command(2, "poison@demo.example"), "user",
                        command(3, "next@demo.example"));
                assertThat(results.readValuesToList()).extracting(RowProvisioned::row).containsExactly(3);
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

    private static ProvisionUser command(int row, String email) {
        return new ProvisionUser("poison-import", "demo", row, "Essentials", NewUser.of(email, "User " + row, null),
                ImportOptions.defaults());
    }
}
