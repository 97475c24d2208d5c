package com.bulkimport.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the pipeline's topics are created on a cluster: the same partition count for every topic
 * (co-partitioning), their replication, how many replicas must have a write before it counts
 * ({@code min.insync.replicas}, with producers' {@code acks=all}), and per-topic overrides of
 * what each topic keeps ({@code retention.ms}, {@code cleanup.policy}...). The services take them
 * from {@code bulkimport.kafka.*}; tools and tests that run without Spring use {@link #of}.
 *
 * @param partitions partitions of every topic
 * @param replicationFactor replicas of every topic
 * @param minInsyncReplicas replicas that must have a record before a producer with {@code acks=all}
 *        is told it is written; at most {@code replicationFactor}
 * @param overrides Kafka topic settings by topic name, applied over the registry's defaults
 */
public record TopicSettings(int partitions, short replicationFactor, int minInsyncReplicas,
        Map<String, Map<String, String>> overrides) {

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, not " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor ("
                    + replicationFactor + "), not " + minInsyncReplicas + ": with more, no write would ever succeed");
        }
        List<String> known = Topics.allNames();
        var unknown = new TreeSet<>(overrides.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Settings for unknown topics " + unknown + "; the pipeline's topics are "
                    + known);
        }
        Map<String, Map<String, String>> copy = new HashMap<>();
        overrides.forEach((topic, configs) -> copy.put(topic, Map.copyOf(configs)));
        overrides = Map.copyOf(copy);
    }

    /**
     * Partitions and replication only, every topic as the registry keeps it; one replica fewer
     * than the replication factor (at least one) must have a write.
     */
    public static TopicSettings of(int partitions, short replicationFactor) {
        return new TopicSettings(partitions, replicationFactor, defaultMinInsyncReplicas(replicationFactor), Map.of());
    }

    /**
     * One fewer than the replicas, at least one: with 3 replicas a write is on 2 before it counts,
     * and the topic stays writable while one broker is down.
     */
    public static int defaultMinInsyncReplicas(short replicationFactor) {
        return Math.max(1, replicationFactor - 1);
    }

    /** The overrides of one topic (empty when none). */
    public Map<String, String> overridesOf(String topic) {
        return overrides.getOrDefault(topic, Map.of());
    }
}
