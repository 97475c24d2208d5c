package com.bulkimport.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store's values as objects, for the one processor that writes the store: the values last read
 * or written are kept by key (at most {@code capacity}, the least recently used dropped), so that
 * a value read and written once per record (an import's progress, read and written for each of its
 * rows) is not read back from its JSON every time. Every write still goes to the store at once, as
 * without it: the changelog, the commit and interactive queries see the same. Values must not be
 * changed in place (records). Made in the processor's {@code init}, so a task that is restored,
 * revived or moved starts again from its store.
 */
public final class KeptValues<V> {

    private final KeyValueStore<String, V> store;
    private final Map<String, V> kept;

    public KeptValues(KeyValueStore<String, V> store, int capacity) {
        this.store = store;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public V get(String key) {
        V value = kept.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                kept.put(key, value);
            }
        }
        return value;
    }

    public void put(String key, V value) {
        store.put(key, value);
        kept.put(key, value);
    }

    public void delete(String key) {
        store.delete(key);
        kept.remove(key);
    }
}
