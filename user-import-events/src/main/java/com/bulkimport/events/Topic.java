package com.bulkimport.events;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its key and value types. Every topic of the pipeline is keyed by account id
 * (invariant 1), so one account's records land on one partition, in order.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, JsonSerde<V> valueSerde) {
}
