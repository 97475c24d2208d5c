package com.bulkimport.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings every service shares.
 *
 * @param partitions partitions of every pipeline topic (all the same, so topics stay co-partitioned)
 * @param replicationFactor replication of the topics the services create
 * @param stateDir where Kafka Streams keeps its local state (restored from changelogs when lost)
 * @param commitIntervalMs how often Kafka Streams commits its transactions
 */
@ConfigurationProperties(prefix = "bulkimport.kafka")
public record PipelineProperties(Integer partitions, Short replicationFactor, String stateDir, Long commitIntervalMs) {

    public PipelineProperties {
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        stateDir = stateDir == null ? System.getProperty("java.io.tmpdir") + "/bulk-import-state" : stateDir;
        commitIntervalMs = commitIntervalMs == null ? 100L : commitIntervalMs;
    }
}
