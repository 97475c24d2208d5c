package com.bulkimport.events;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its key and value types, and how the broker keeps its records: every producer,
 * consumer and topology reads and writes it with these serdes. Every topic of the pipeline is
 * keyed by account id (invariant 1), so one account's records land on one partition, in order.
 *
 * @param keeping the topic's own settings, by their Kafka names ({@code retention.ms},
 *        {@code cleanup.policy}): the defaults that {@link TopicSettings} may override
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> keeping) {

    public Topic {
        keeping = Map.copyOf(keeping);
    }

    /** A topic kept as the broker keeps topics by default (deleted after its retention, 7 days). */
    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        this(name, keySerde, valueSerde, Map.of());
    }

    /** The topic as a broker must have it: every topic of the pipeline gets the same partitions. */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        return newTopic(TopicSettings.of(partitions, replicationFactor));
    }

    /**
     * The topic as a broker must have it: the settings' partitions and replication, its
     * {@code min.insync.replicas}, then its own keeping, then the settings' overrides for it.
     */
    public NewTopic newTopic(TopicSettings settings) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()));
        configs.putAll(keeping);
        configs.putAll(settings.overridesOf(name));
        return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(configs);
    }
}
