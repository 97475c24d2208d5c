package com.bulkimport.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A store's values as objects, over the store: the values last read or written are kept by key
 * (at most {@link #CAPACITY}, the least recently used dropped), so that a value read for nearly
 * every record (an import's progress or view, an account's record) is not decoded from its JSON
 * every time. It is the outermost layer of the store, so every processor of the task that shares
 * the store reads and writes through the same kept values (interactive queries read them too, see
 * below). Every write
 * still goes to the store at once, as without it: the record cache, the changelog and the commit
 * see the same. Ranges are read from the store. What it keeps is dropped whenever the store is
 * opened, closed or its cache cleared (a task restored, revived after an aborted transaction, or
 * moved), so it never holds what the store does not. Values must not be changed in place (records).
 * <p>Only the thread that writes the store (the stream thread processing its task) keeps what it
 * reads. A restore writes under this layer, straight into the inner store, and an interactive
 * query may read a task that is still restoring (after a revival, the stream thread stays
 * RUNNING): a query's thread gets what is kept, or else reads the store without keeping it, so
 * that a value read half-restored is never kept for the processor.
 */
public final class KeptValuesStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {

    /** Values kept per store and task: more than the imports or accounts one task has going at once. */
    public static final int CAPACITY = 64;

    private final Map<String, V> kept;
    /** The thread that last wrote the store, which alone keeps what it reads; none since it was opened. */
    private volatile Thread writer;

    KeptValuesStore(KeyValueStore<String, V> store, int capacity) {
        super(store);
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The store {@code inner} builds, with its values kept as objects over it. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> over(StoreBuilder<KeyValueStore<String, V>> inner) {
        return new Builder<>(inner);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        super.init(context, root);
    }

    @Override
    public void close() {
        super.close();
        forget();
    }

    @Override
    public void clearCache() {
        super.clearCache();
        forget();
    }

    private synchronized void forget() {
        kept.clear();
        writer = null;
    }

    @Override
    public V get(String key) {
        V value;
        synchronized (this) {
            value = kept.get(key);
        }
        if (value == null) {
            value = wrapped().get(key);
            if (value != null && Thread.currentThread() == writer) {
                synchronized (this) {
                    kept.put(key, value);
                }
            }
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        wrapped().put(key, value);
        keep(key, value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V before = wrapped().putIfAbsent(key, value);
        keep(key, before == null ? value : before);
        return before;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        wrapped().putAll(entries);
        entries.forEach(e -> keep(e.key, e.value));
    }

    @Override
    public V delete(String key) {
        V before = wrapped().delete(key);
        keep(key, null);
        return before;
    }

    /** After a write to the store: what it now holds for the key is kept, by the writing thread. */
    private synchronized void keep(String key, V value) {
        writer = Thread.currentThread();
        if (value == null) {
            kept.remove(key); // a null value deletes
        } else {
            kept.put(key, value);
        }
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
            P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Builds the inner store as configured, then puts the kept values over it. */
    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> inner) implements StoreBuilder<KeyValueStore<String, V>> {

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new KeptValuesStore<>(inner.build(), CAPACITY);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
