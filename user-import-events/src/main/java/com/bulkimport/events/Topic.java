package com.bulkimport.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its key and value types: every producer, consumer and topology reads and writes it
 * with these serdes. Every topic of the pipeline is keyed by account id (invariant 1), so one
 * account's records land on one partition, in order.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** The topic as a broker must have it: every topic of the pipeline gets the same partitions. */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor);
    }
}
