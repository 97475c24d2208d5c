package com.bulkimport.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Settings every service shares.
 *
 * @param partitions partitions of every pipeline topic (all the same, so topics stay co-partitioned)
 * @param replicationFactor replication of the topics the services create
 * @param stateDir where Kafka Streams keeps its local state (restored from changelogs when lost)
 * @param commitIntervalMs how often Kafka Streams commits its transactions (default 50 ms). Output
 *        is visible downstream (read_committed) only after the commit, so each hop of an import waits
 *        up to this long (Kafka Streams' own default for exactly-once, 100 ms, let an import's three
 *        hops wait up to 0.3 s, a validate-only import's two up to 0.2 s); a thread that processed
 *        nothing commits nothing, so an idle pipeline does not pay for the shorter interval
 * @param streams any other Kafka Streams setting, by its Kafka name (for example
 *        {@code consumer.session.timeout.ms}); applied last
 * @param stuckAfter how long the streams may be out of {@code RUNNING} (rebalancing, restoring
 *        their stores) after they first ran before health reports DOWN (default 2 minutes)
 * @param maxThreadReplacements how many failed stream threads are replaced within
 *        {@code threadReplacementWindow} (default 3); one more shuts the streams down (health DOWN)
 * @param threadReplacementWindow the window of {@code maxThreadReplacements} (default 10 minutes)
 */
@ConfigurationProperties(prefix = "bulkimport.kafka")
public record PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs,
        java.util.Map<String, String> streams, java.time.Duration stuckAfter, Integer maxThreadReplacements,
        java.time.Duration threadReplacementWindow) {

    public PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs) {
        this(partitions, replicationFactor, stateDir, commitIntervalMs, null, null, null, null);
    }

    @ConstructorBinding
    public PipelineProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        stateDir = stateDir == null ? System.getProperty("java.io.tmpdir") + "/bulk-import-state" : stateDir;
        commitIntervalMs = commitIntervalMs == null ? 50L : commitIntervalMs;
        streams = streams == null ? java.util.Map.of() : java.util.Map.copyOf(streams);
        stuckAfter = stuckAfter == null ? java.time.Duration.ofMinutes(2) : stuckAfter;
        maxThreadReplacements = maxThreadReplacements == null ? 3 : maxThreadReplacements;
        threadReplacementWindow = threadReplacementWindow == null ? java.time.Duration.ofMinutes(10) : threadReplacementWindow;
    }
}
