package com.bulkimport.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

import com.bulkimport.events.Topics;

/**
 * Runs one Kafka Streams topology for the life of the application, with the pipeline's settings:
 * {@code exactly_once_v2} (so store updates, outputs and offsets commit together, and consumers
 * read committed data only), a dead-letter topic for records that cannot be read or that a
 * processor fails on (the partition moves on), and state under the configured folder, restored
 * from changelogs after a restart.
 */
public class StreamsRunner implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final Topology topology;
    private final Properties config;
    private volatile KafkaStreams streams;
    private volatile boolean ranOnce;

    public StreamsRunner(String applicationId, Topology topology, String bootstrapServers,
            PipelineProperties properties) {
        this.topology = topology;
        this.config = settings(applicationId, bootstrapServers, properties);
    }

    /** The pipeline's Kafka Streams settings; also used by the topology tests. */
    public static Properties settings(String applicationId, String bootstrapServers, PipelineProperties properties) {
        Properties p = new Properties();
        p.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitIntervalMs(),
                StreamsConfig.STATE_DIR_CONFIG, Path.of(properties.stateDir()).toAbsolutePath().toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.replicationFactor(),
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.name()));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(properties.streams());
        return p;
    }

    /** Sets one more Kafka Streams setting before start. */
    public void configure(String name, Object value) {
        config.put(name, value);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean isQueryable() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void start() {
        log.info("Starting Kafka Streams {}:\n{}", config.get(StreamsConfig.APPLICATION_ID_CONFIG), topology.describe());
        KafkaStreams s = new KafkaStreams(topology, config);
        // A bug in a processor must not silently stop the service: replace the thread and go on.
        s.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                ranOnce = true;
            }
        });
        s.start();
        streams = s;
    }

    @Override
    public void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            s.close(Duration.ofSeconds(30));
            streams = null;
        }
    }

    /**
     * Up once the streams have run (state restored, partitions assigned), and while they run or
     * rebalance after that; down before, and when they stopped or failed.
     */
    @Override
    public Health health() {
        KafkaStreams s = streams;
        if (s == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        var builder = ranOnce && s.state().isRunningOrRebalancing() ? Health.up() : Health.down();
        return builder.withDetail("state", s.state().name()).build();
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }
}
