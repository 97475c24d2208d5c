package com.bulkimport.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Settings every service shares.
 *
 * @param partitions partitions of every pipeline topic (all the same, so topics stay co-partitioned)
 * @param replicationFactor replication of the topics the services create
 * @param stateDir where Kafka Streams keeps its local state (restored from changelogs when lost)
 * @param commitIntervalMs how often Kafka Streams commits its transactions
 * @param streams any other Kafka Streams setting, by its Kafka name (for example
 *        {@code consumer.session.timeout.ms}); applied last
 */
@ConfigurationProperties(prefix = "bulkimport.kafka")
public record PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs,
        java.util.Map<String, String> streams) {

    public PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs) {
        this(partitions, replicationFactor, stateDir, commitIntervalMs, null);
    }

    @ConstructorBinding
    public PipelineProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        stateDir = stateDir == null ? System.getProperty("java.io.tmpdir") + "/bulk-import-state" : stateDir;
        commitIntervalMs = commitIntervalMs == null ? 100L : commitIntervalMs;
        streams = streams == null ? java.util.Map.of() : java.util.Map.copyOf(streams);
    }
}
