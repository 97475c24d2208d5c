package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A {@link PipelineTopology}'s processors as they run: each record handled with its account and
 * import in the logging context, what they forward counted by the {@link PipelineMeters}, and the
 * records refused or given up counted as dead letters by their reason. On a
 * {@link TopologyTestDriver} with a registry of its own.
 */
class ObservedProcessorTest {

    private static final Topic<String, RowValidated> COPIES = new Topic<>("row-copies", Serdes.String(),
            new JsonSerde<>(RowValidated.class));

    /** What the processor saw in the logging context, one entry per record. */
    private static final List<String> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver = new TopologyTestDriver(topology(), settings());

    @AfterEach
    void close() {
        driver.close();
        contexts.clear();
    }

    @Test
    void shouldCountEveryForwardedEventAndEveryRecordGivenUp() {
        // Given rows validated on the input, one valid, one invalid, and one the processor gives up
        TestInputTopic<String, RowValidated> rows = input();
        rows.pipeInput("acme", new RowValidated("imp-1", "acme", 1, List.of()));
        rows.pipeInput("acme", new RowValidated("imp-1", "acme", 2, List.of(new RowError(2, "Email Address", "x", ErrorCode.EMAIL_INVALID, "not an email address", null))));
        rows.pipeInput("acme", new RowValidated("imp-1", "acme", 99, List.of()));

        // Then the forwarded events are counted by state, and the one given up as a dead letter
        assertThat(count(PipelineMeters.ROWS, "state", "valid")).isEqualTo(1);
        assertThat(count(PipelineMeters.ROWS, "state", "invalid")).isEqualTo(1);
        assertThat(count(PipelineMeters.DEAD_LETTERS, "reason", "given_up")).isEqualTo(1);
        assertThat(driver.createOutputTopic(COPIES.name(), Serdes.String().deserializer(),
                COPIES.valueSerde().deserializer()).readValuesToList()).hasSize(2);
    }

    @Test
    void shouldCountRecordsRefusedAsDeadLettersByTheirReason() {
        // Given a record that is not JSON, and one keyed by another account's id
        driver.createInputTopic(Topics.ROWS_VALIDATED.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput("acme", "not json".getBytes(StandardCharsets.UTF_8));
        input().pipeInput("other", new RowValidated("imp-1", "acme", 1, List.of()));

        // Then each went to the dead-letter topic, counted with its reason
        assertThat(driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer()).readValuesToList()).hasSize(2);
        assertThat(count(PipelineMeters.DEAD_LETTERS, "reason", "unreadable")).isEqualTo(1);
        assertThat(count(PipelineMeters.DEAD_LETTERS, "reason", "processing_failed")).isEqualTo(1);
        assertThat(count(PipelineMeters.ROWS, "state", "valid")).isZero();
    }

    @Test
    void shouldHandleEachRecordWithItsAccountAndImportInTheLoggingContext() {
        // Given a record of one import, then one of another account's import
        input().pipeInput("acme", new RowValidated("imp-1", "acme", 1, List.of()));
        input().pipeInput("zeta", new RowValidated("imp-2", "zeta", 1, List.of()));

        // Then the processor saw each record's own account and import, and the context is left empty after
        assertThat(contexts).containsExactly("acme/imp-1", "zeta/imp-2");
        assertThat(MDC.get(RecordMdc.ACCOUNT_ID)).isNull();
        assertThat(MDC.get(RecordMdc.IMPORT_ID)).isNull();
    }

    private TestInputTopic<String, RowValidated> input() {
        return driver.createInputTopic(Topics.ROWS_VALIDATED.name(), Serdes.String().serializer(),
                Topics.ROWS_VALIDATED.valueSerde().serializer());
    }

    private double count(String name, String tag, String value) {
        var counter = registry.find(name).tags("service", "observed-test", tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static org.apache.kafka.streams.Topology topology() {
        return new PipelineTopology(StoreKind.IN_MEMORY)
                .source("rows", Topics.ROWS_VALIDATED)
                .processor("copier", Copier::new, "rows")
                .sink("copies", COPIES, "copier")
                .deadLetterSink("given-up", Topics.ROWS_VALIDATED, "copier")
                .build();
    }

    private Properties settings() {
        try {
            Properties settings = StreamsRunner.settings("observed-test", "dummy:9092",
                    new PipelineProperties(1, (short) 1, Files.createTempDirectory("observed").toString(), 100L));
            // The test driver drops what the deserialization handler dead-letters under exactly_once_v2.
            settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            settings.put(PipelineMeters.SETTING, new PipelineMeters(registry, "observed-test"));
            return settings;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Forwards each row to the copies, but gives up row 99; notes the logging context of each. */
    private static final class Copier implements Processor<String, RowValidated, String, Object> {

        private ProcessorContext<String, Object> context;

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, RowValidated> record) {
            contexts.add(MDC.get(RecordMdc.ACCOUNT_ID) + "/" + MDC.get(RecordMdc.IMPORT_ID));
            context.forward(record, record.value().row() == 99 ? "given-up" : "copies");
        }
    }
}
