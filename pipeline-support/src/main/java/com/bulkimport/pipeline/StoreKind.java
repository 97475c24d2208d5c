package com.bulkimport.pipeline;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where a topology keeps its state. Both kinds are backed by a changelog topic, so state survives a
 * restart either way; RocksDB also keeps it on local disk, so a restart restores only what is new.
 * Services run {@link #PERSISTENT}; topology tests may use {@link #IN_MEMORY} to run fast.
 */
public enum StoreKind {
    PERSISTENT, IN_MEMORY;

    public KeyValueBytesStoreSupplier supplier(String name) {
        return this == PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
