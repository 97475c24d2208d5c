package com.bulkimport.pipeline;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import com.bulkimport.events.TopicSettings;

/**
 * Settings every service shares. The topic settings must be the same on every service: each
 * creates the missing topics, and makes existing ones match, as it starts.
 *
 * @param partitions partitions of every pipeline topic (all the same, so topics stay co-partitioned)
 * @param replicationFactor replicas of the topics the services create, and of Kafka Streams' internal
 *        topics (changelogs, repartition topics)
 * @param stateDir where Kafka Streams keeps its local state (restored from changelogs when lost)
 * @param commitIntervalMs how often Kafka Streams commits its transactions while records keep coming
 *        (default 1 s; Kafka Streams' own for exactly-once is 100 ms). Output is visible downstream
 *        (read_committed) only after a commit, so each processor also asks for one as soon as it is
 *        idle after forwarding ({@link ObservedProcessor}): this interval only bounds a long burst's
 *        transactions. Every commit is a transaction, and the broker's work grows with
 *        transactions, not records: at 50 ms the broker spent 4.1 CPU seconds per 1,000-row import,
 *        at 100 ms 3.4, at 200 ms 2.4 (docs/performance.md), CPU the services lack on a small
 *        machine. A thread that processed nothing commits nothing
 * @param streams any other Kafka Streams setting, by its Kafka name (for example
 *        {@code consumer.session.timeout.ms}); applied last
 * @param stuckAfter how long the streams may be out of {@code RUNNING} (rebalancing, restoring
 *        their stores) after they first ran before health reports DOWN (default 2 minutes)
 * @param maxThreadReplacements how many failed stream threads are replaced within
 *        {@code threadReplacementWindow} (default 3); one more shuts the streams down (health DOWN)
 * @param threadReplacementWindow the window of {@code maxThreadReplacements} (default 10 minutes)
 * @param minInsyncReplicas replicas that must have a write before it counts ({@code min.insync.replicas}
 *        of every topic the services create, Kafka Streams' internal ones included); default one fewer
 *        than {@code replicationFactor}, at least 1
 * @param topics Kafka topic settings by topic name (for example {@code retention.ms},
 *        {@code cleanup.policy}), over the registry's defaults: {@code bulkimport.kafka.topics[user-created.v1].retention.ms}
 */
@ConfigurationProperties(prefix = "bulkimport.kafka")
public record PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs,
        Map<String, String> streams, Duration stuckAfter, Integer maxThreadReplacements,
        Duration threadReplacementWindow, Integer minInsyncReplicas, Map<String, Map<String, String>> topics) {

    public PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs) {
        this(partitions, replicationFactor, stateDir, commitIntervalMs, null, null, null, null);
    }

    public PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs,
            Map<String, String> streams, Duration stuckAfter, Integer maxThreadReplacements,
            Duration threadReplacementWindow) {
        this(partitions, replicationFactor, stateDir, commitIntervalMs, streams, stuckAfter, maxThreadReplacements,
                threadReplacementWindow, null, null);
    }

    @ConstructorBinding
    public PipelineProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        stateDir = stateDir == null ? System.getProperty("java.io.tmpdir") + "/bulk-import-state" : stateDir;
        commitIntervalMs = commitIntervalMs == null ? 1000L : commitIntervalMs;
        streams = streams == null ? Map.of() : Map.copyOf(streams);
        stuckAfter = stuckAfter == null ? Duration.ofMinutes(2) : stuckAfter;
        maxThreadReplacements = maxThreadReplacements == null ? 3 : maxThreadReplacements;
        threadReplacementWindow = threadReplacementWindow == null ? Duration.ofMinutes(10) : threadReplacementWindow;
        minInsyncReplicas = minInsyncReplicas == null ? TopicSettings.defaultMinInsyncReplicas(replicationFactor)
                : minInsyncReplicas;
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        topicSettings(partitions, replicationFactor, minInsyncReplicas, topics); // a bad setting stops the start here
    }

    /** How the services create the pipeline's topics. */
    public TopicSettings topicSettings() {
        return topicSettings(partitions, replicationFactor, minInsyncReplicas, topics);
    }

    private static TopicSettings topicSettings(int partitions, short replicationFactor, int minInsyncReplicas,
            Map<String, Map<String, String>> topics) {
        return new TopicSettings(partitions, replicationFactor, minInsyncReplicas, topics);
    }
}
