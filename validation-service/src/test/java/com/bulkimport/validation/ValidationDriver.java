package com.bulkimport.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.rules.RowRules;

/**
 * Validation's topology under {@link TopologyTestDriver}, in-memory stores, with the demo
 * fixture's account events already read; topics made from the registry's serdes.
 */
final class ValidationDriver implements AutoCloseable {

    final TopologyTestDriver driver;

    ValidationDriver(String applicationId) throws IOException {
        this(applicationId, ImportGatherer.STEP_ROWS);
    }

    /** With the gate's release in steps of {@code releaseStepRows} rows. */
    ValidationDriver(String applicationId, int releaseStepRows) throws IOException {
        Properties props = StreamsRunner.settings(applicationId, "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory(applicationId).toString(), 100L));
        driver = new TopologyTestDriver(ValidationTopology.build(RowRules.standard(), StoreKind.IN_MEMORY, releaseStepRows), props);
        var accountEvents = input(Topics.ACCOUNT_EVENTS);
        DemoFixture.load().accountEvents().forEach(e -> accountEvents.pipeInput(e.accountId(), e));
    }

    <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer());
    }

    <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
