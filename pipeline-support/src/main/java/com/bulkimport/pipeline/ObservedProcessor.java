package com.bulkimport.pipeline;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A processor of a {@link PipelineTopology} as it runs: each record handled with its account and
 * import in the logging context ({@link RecordMdc}), and each record it forwards counted by
 * {@link PipelineMeters} (an event of the business meters, or a record given up to a dead-letter
 * sink). The processor itself knows nothing of either.
 * <p>
 * It also <b>commits when idle</b>: once the processor has forwarded something and then had no
 * record for {@link #IDLE_AFTER}, it asks Kafka Streams for a commit, so that what it sent is
 * visible downstream (read_committed) at once instead of at the next commit interval. While records
 * keep coming, only the commit interval commits: a burst of rows is one or a few transactions
 * rather than one per interval, which is what the broker's work follows (docs/performance.md).
 */
final class ObservedProcessor<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

    /**
     * How long without a record before what was forwarded is committed; the stream threads poll
     * at the same period ({@link StreamsRunner#POLL_MS}) so that an idle thread notices in time
     * (while at work: each record processed or forwarded here marks its thread, {@link PollPace}).
     */
    static final Duration IDLE_AFTER = Duration.ofMillis(StreamsRunner.POLL_MS);

    private final Processor<KIn, VIn, KOut, VOut> processor;
    /** The topology's dead-letter sinks, by node name; filled as the topology is built. */
    private final Set<String> deadLetterSinks;
    private ProcessorContext<KOut, VOut> context;
    /** A record came since the last idle check. */
    private boolean busy;
    /** Something was forwarded since the last commit this processor asked for. */
    private boolean forwarded;

    ObservedProcessor(Processor<KIn, VIn, KOut, VOut> processor, Set<String> deadLetterSinks) {
        this.processor = processor;
        this.deadLetterSinks = deadLetterSinks;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        this.context = context;
        context.schedule(IDLE_AFTER, PunctuationType.WALL_CLOCK_TIME, now -> commitIfIdle());
        processor.init(new CountingContext<>(context, PipelineMeters.of(context.appConfigs()), deadLetterSinks, () -> {
            forwarded = true;
            PollPace.active();
        }));
    }

    private void commitIfIdle() {
        if (busy) {
            busy = false;
        } else if (forwarded) {
            forwarded = false;
            context.commit();
        }
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        busy = true;
        PollPace.active();
        try (RecordMdc mdc = RecordMdc.of(record.key(), record.value())) {
            processor.process(record);
        }
    }

    @Override
    public void close() {
        processor.close();
    }

    /** The processor's context, counting what is forwarded through it. */
    private record CountingContext<K, V>(ProcessorContext<K, V> context, PipelineMeters meters,
            Set<String> deadLetterSinks, Runnable onForward) implements ProcessorContext<K, V> {

        @Override
        public <K2 extends K, V2 extends V> void forward(Record<K2, V2> record) {
            onForward.run();
            meters.output(record.value());
            context.forward(record);
        }

        @Override
        public <K2 extends K, V2 extends V> void forward(Record<K2, V2> record, String childName) {
            onForward.run();
            if (deadLetterSinks.contains(childName)) {
                meters.deadLettered(PipelineMeters.DeadLetterReason.GIVEN_UP);
            } else {
                meters.output(record.value());
            }
            context.forward(record, childName);
        }

        @Override
        public String applicationId() {
            return context.applicationId();
        }

        @Override
        public TaskId taskId() {
            return context.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return context.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return context.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return context.valueSerde();
        }

        @Override
        public File stateDir() {
            return context.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return context.metrics();
        }

        @Override
        public <S extends StateStore> S getStateStore(String name) {
            return context.getStateStore(name);
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(interval, type, callback);
        }

        @Override
        public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(startTime, interval, type, callback);
        }

        @Override
        public void commit() {
            context.commit();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return context.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return context.appConfigsWithPrefix(prefix);
        }

        @Override
        public long currentSystemTimeMs() {
            return context.currentSystemTimeMs();
        }

        @Override
        public long currentStreamTimeMs() {
            return context.currentStreamTimeMs();
        }
    }
}
