package com.bulkimport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.AccountKeyed;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * A service's topology on a {@link TopologyTestDriver}, to show that each {@link Poison} on each
 * topic it reads is dead-lettered, as it was, with the reason in its headers, and that the record
 * after it is processed. The test keeps what is its own: the topology, the topics, the good records
 * and what it asserts of the stores and outputs. A test holds one per test method, {@code @AutoClose}d.
 */
public final class PoisonDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    private PoisonDriver(Topology topology, Properties settings) {
        this.driver = new TopologyTestDriver(topology, settings);
        this.deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    /** The topology on the pipeline's own settings ({@link StreamsRunner#settings}) but at_least_once. */
    public static PoisonDriver start(String applicationId, Topology topology) {
        Properties settings = StreamsRunner.settings(applicationId, "dummy:9092",
                new PipelineProperties(1, (short) 1, stateDir(applicationId), 100L));
        // The test driver drops what the deserialization handler dead-letters under exactly_once_v2 (a real
        // broker does not: ValidationIntegrationTest); the refusals and the handlers are the same either way.
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return new PoisonDriver(topology, settings);
    }

    private static String stateDir(String applicationId) {
        try {
            return Files.createTempDirectory(applicationId).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pipes the demo fixture's account events, as the services read them at start. */
    public PoisonDriver withDemoFixture() {
        TestInputTopic<String, AccountEvent> accountEvents = input(Topics.ACCOUNT_EVENTS);
        DemoFixture.load().accountEvents().forEach(e -> accountEvents.pipeInput(e.accountId(), e));
        return this;
    }

    public <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    public <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /**
     * Pipes the poison made from {@code base}, then {@code next}; asserts that the poison alone is
     * dead-lettered, as it was, with its reason in the headers.
     *
     * @param required a required field of the record's type, left out for {@link Poison#MISSING_FIELD}
     */
    public <V extends AccountKeyed> void deadLetterThenProcess(Topic<String, V> topic, Poison poison, V base,
            String required, V next) {
        Poison.Record bad = poison.of(topic, base, required);
        driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(bad.keyBytes(), bad.value());
        input(topic).pipeInput(next.accountId(), next);

        assertThat(deadLetters.readRecordsToList()).singleElement()
                .satisfies(r -> bad.assertDeadLettered(topic.name(), r.key(), r.value(), r.headers()));
    }

    @Override
    public void close() {
        driver.close();
    }
}
