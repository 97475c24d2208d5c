package com.bulkimport.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

import com.bulkimport.events.Topics;

/**
 * Runs one Kafka Streams topology for the life of the application, with the pipeline's settings:
 * {@code exactly_once_v2} (so store updates, outputs and offsets commit together, and consumers
 * read committed data only), a dead-letter topic for records that cannot be read or that a
 * processor fails on (the partition moves on), and state under the configured folder, restored
 * from changelogs after a restart. The connection to the cluster (bootstrap servers, TLS, SASL) comes
 * from {@code spring.kafka.*} through {@link KafkaClientSettings}; the pipeline's settings win over
 * it where both set the same thing.
 * <p>
 * A stream thread that dies is replaced, at most {@code maxThreadReplacements} times within
 * {@code threadReplacementWindow}; one more failure, or any {@link Error} (out of memory, stack
 * overflow: the JVM is no longer trusted), shuts the streams down. Health follows
 * {@link StreamsCondition}: DOWN before the first run, when failed or shut down, and when out of
 * {@code RUNNING} for longer than {@code stuckAfter}; so a service never reports UP while its
 * stores stay unqueryable, and a supervisor restarts it.
 * <p>
 * Metrics: as a {@link MeterBinder}, it is given the application's registry (Spring Boot binds
 * every binder bean before any lifecycle starts); it then exports the streams' own metrics and
 * those of their consumers, producers and admin client (Micrometer's {@link KafkaStreamsMetrics}:
 * {@code kafka.stream.*}, {@code kafka.consumer.*} with {@code records-lag-max}, ...), and hands its
 * {@link PipelineMeters} to the processors and exception handlers through the streams' settings.
 * Its {@link CommittedWrites} goes there too, and its producers count their commits for it.
 */
public class StreamsRunner implements SmartLifecycle, HealthIndicator, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    /**
     * How long a stream thread with nothing to process waits in a poll while it is at work (Kafka
     * Streams' default: 100 ms): short, so that a processor idle after a burst commits it promptly
     * ({@link ObservedProcessor}). An idle thread waits Kafka's 100 ms ({@link PollPace}): each
     * wake-up runs the streams' whole loop.
     */
    static final long POLL_MS = 10;

    private final Topology topology;
    private final Properties config;
    private final Duration stuckAfter;
    private final ThreadReplacements replacements;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger restoring = new AtomicInteger();
    private final CommittedWrites committedWrites = new CommittedWrites();
    private volatile KafkaStreams streams;
    private volatile boolean ranOnce;
    /** When the streams last left RUNNING (or started); null while RUNNING. */
    private volatile Instant notRunningSince;
    /** Why the streams were shut down, when a stream thread's failure did it. */
    private volatile String failure;
    private volatile StateRestoreListener alsoOnRestore;
    private volatile MeterRegistry registry;
    private volatile KafkaStreamsMetrics streamsMetrics;

    /** A service's streams, connected as its {@code spring.kafka.*} settings say. */
    public StreamsRunner(String applicationId, Topology topology, KafkaClientSettings kafka,
            PipelineProperties properties) {
        this(applicationId, topology, kafka.streams(), properties);
    }

    /** Streams on an unsecured cluster (tests). */
    public StreamsRunner(String applicationId, Topology topology, String bootstrapServers,
            PipelineProperties properties) {
        this(applicationId, topology, Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), properties);
    }

    private StreamsRunner(String applicationId, Topology topology, Map<String, Object> kafka,
            PipelineProperties properties) {
        this.topology = topology;
        this.config = settings(applicationId, kafka, properties);
        this.stuckAfter = properties.stuckAfter();
        this.replacements = new ThreadReplacements(properties.maxThreadReplacements(), properties.threadReplacementWindow());
    }

    /** The pipeline's Kafka Streams settings on an unsecured cluster; used by the topology tests. */
    public static Properties settings(String applicationId, String bootstrapServers, PipelineProperties properties) {
        return settings(applicationId, Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), properties);
    }

    /**
     * The pipeline's Kafka Streams settings over the client's connection settings
     * ({@link KafkaClientSettings#streams}): the exactly-once guarantee, the commit interval, the
     * application id, the state folder, the internal topics' replication and the dead-letter
     * handling always win over {@code spring.kafka.streams.*}; {@code bulkimport.kafka.streams}
     * is applied last.
     */
    public static Properties settings(String applicationId, Map<String, Object> kafka, PipelineProperties properties) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitIntervalMs(),
                StreamsConfig.POLL_MS_CONFIG, POLL_MS,
                StreamsConfig.STATE_DIR_CONFIG, Path.of(properties.stateDir()).toAbsolutePath().toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.replicationFactor(),
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterCounting.Unreadable.class,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterCounting.ProcessingFailed.class,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.name()));
        // Changelogs and repartition topics are as durable as the pipeline's own topics.
        p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), properties.minInsyncReplicas());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A task processes the records it has without waiting for its other inputs to be fetched.
        // The default (0) waits for any input known to have more on the broker, and in Kafka 4.2
        // formats a log line with String.format for each empty input before every record: 10 to 17 %
        // of a stream thread's CPU here (docs/performance.md). No step needs another topic's records
        // first: the directory's single writer checks every row again, and the import view keeps a
        // placeholder for a result that comes before its request.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        p.put(StreamsConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        p.putAll(properties.streams());
        return p;
    }

    /** Sets one more Kafka Streams setting before start. */
    public void configure(String name, Object value) {
        config.put(name, value);
    }

    /** Remembers the registry: the streams' metrics and the {@link PipelineMeters} go there once they start. */
    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Which of the processors' marked store writes are committed (their producers count the commits). */
    public CommittedWrites committedWrites() {
        return committedWrites;
    }

    public boolean isQueryable() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /** The streams' condition now: what health reports, and whether waiting may help a caller. */
    public StreamsCondition condition() {
        KafkaStreams s = streams;
        return StreamsCondition.of(s == null ? null : s.state(), ranOnce, notRunningSince, clock.instant(), stuckAfter);
    }

    @Override
    public void start() {
        String applicationId = (String) config.get(StreamsConfig.APPLICATION_ID_CONFIG);
        log.info("Starting Kafka Streams {}:\n{}", applicationId, topology.describe());
        MeterRegistry meterRegistry = registry;
        if (meterRegistry != null) {
            config.put(PipelineMeters.SETTING, new PipelineMeters(meterRegistry, applicationId));
        }
        config.put(CommittedWrites.SETTING, committedWrites);
        KafkaStreams s = new KafkaStreams(topology, config, new StreamsClients(committedWrites, this::isQueryable));
        if (meterRegistry != null) {
            streamsMetrics = new KafkaStreamsMetrics(s, Tags.of("service", applicationId));
            streamsMetrics.bindTo(meterRegistry);
        }
        s.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        s.setGlobalStateRestoreListener(new RestoreLog());
        s.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                ranOnce = true;
                notRunningSince = null;
            } else if (before == KafkaStreams.State.RUNNING || notRunningSince == null) {
                notRunningSince = clock.instant();
            }
        });
        notRunningSince = clock.instant();
        s.start();
        streams = s;
    }

    /**
     * A bug in a processor must not silently stop the service: its thread is replaced, within the
     * bound. An Error, or a failure beyond the bound, shuts the streams down: health goes DOWN.
     */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        Throwable error = errorIn(e);
        if (error != null) {
            failure = error.getClass().getName();
            log.error("Stream thread died of {}; shutting the streams down (health DOWN until the service is restarted)",
                    error.getClass().getName(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (!replacements.tryReplace(clock.instant())) {
            failure = "more than " + replacements.max + " stream thread failures within " + replacements.window;
            log.error("Stream thread failed, {}; shutting the streams down (health DOWN until the service is restarted)",
                    failure, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("Stream thread failed; replacing it", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Also told of every store restoration (before start); for tests that hold a restoration up. */
    void alsoOnRestore(StateRestoreListener listener) {
        this.alsoOnRestore = listener;
    }

    /** Logs each store partition's restoration, which is what keeps the streams out of RUNNING the longest. */
    private final class RestoreLog implements StateRestoreListener {

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
            restoring.incrementAndGet();
            log.info("Restoring store {} from {}: {} records", store, partition, endOffset - startOffset);
            StateRestoreListener also = alsoOnRestore;
            if (also != null) {
                also.onRestoreStart(partition, store, startOffset, endOffset);
            }
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            StateRestoreListener also = alsoOnRestore;
            if (also != null) {
                also.onBatchRestored(partition, store, batchEndOffset, numRestored);
            }
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            restoring.decrementAndGet();
            log.info("Restored store {} from {}: {} records", store, partition, totalRestored);
            StateRestoreListener also = alsoOnRestore;
            if (also != null) {
                also.onRestoreEnd(partition, store, totalRestored);
            }
        }

        @Override
        public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
            restoring.decrementAndGet();
            StateRestoreListener also = alsoOnRestore;
            if (also != null) {
                also.onRestoreSuspended(partition, store, totalRestored);
            }
        }
    }

    /** The Error among the failure and its causes (Kafka Streams may wrap it), or null. */
    private static Throwable errorIn(Throwable e) {
        for (int depth = 0; e != null && depth < 10; e = e.getCause(), depth++) {
            if (e instanceof Error) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            // Leave the group (Kafka Streams stays in it by default): the next start, or the other
            // instances, get the tasks at once instead of after the session timeout (45 s), which a
            // warm ./run.sh start spent waiting for this member's session to expire.
            s.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams = null;
        }
        KafkaStreamsMetrics m = streamsMetrics;
        if (m != null) {
            m.close();
            streamsMetrics = null;
        }
    }

    /**
     * Up once the streams have run (state restored, partitions assigned), and while they run or
     * rebalance for at most {@code stuckAfter} after that; down before, when out of {@code RUNNING}
     * longer, and when they stopped or failed ({@link StreamsCondition}).
     */
    @Override
    public Health health() {
        KafkaStreams s = streams;
        if (s == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        StreamsCondition condition = condition();
        var builder = (condition.up() ? Health.up() : Health.down())
                .withDetail("state", s.state().name()).withDetail("condition", condition.name());
        Instant since = notRunningSince;
        if (since != null && ranOnce) {
            builder.withDetail("notRunningForSeconds", Duration.between(since, clock.instant()).toSeconds());
        }
        if (restoring.get() > 0) {
            builder.withDetail("restoringPartitions", restoring.get());
        }
        int replaced = replacements.recent(clock.instant());
        if (replaced > 0) {
            builder.withDetail("replacedThreads", replaced);
        }
        if (failure != null) {
            builder.withDetail("failure", failure);
        }
        return builder.build();
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** Failed stream threads replaced within a sliding window, at most {@code max} of them. */
    static final class ThreadReplacements {

        final int max;
        final Duration window;
        private final Deque<Instant> recent = new ArrayDeque<>();

        ThreadReplacements(int max, Duration window) {
            this.max = max;
            this.window = window;
        }

        /** Whether one more failed thread may be replaced now; counts it when it may. */
        synchronized boolean tryReplace(Instant now) {
            if (recent(now) >= max) {
                return false;
            }
            recent.addLast(now);
            return true;
        }

        /** How many threads were replaced within the window before now. */
        synchronized int recent(Instant now) {
            while (!recent.isEmpty() && Duration.between(recent.peekFirst(), now).compareTo(window) >= 0) {
                recent.removeFirst();
            }
            return recent.size();
        }
    }
}
