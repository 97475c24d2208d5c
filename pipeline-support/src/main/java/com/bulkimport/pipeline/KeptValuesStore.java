package com.bulkimport.pipeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.StreamThread;
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
 * below). What it keeps is dropped whenever the store is opened, closed or its cache cleared (a
 * task restored, revived after an aborted transaction, or moved), so it never holds what the store
 * does not. Values must not be changed in place (records).
 * <p><b>When values are written.</b> Over a store without the record cache (a ledger, whose
 * changelog must get every write as its own record), every write goes to the store at once. Over a
 * cached store, whose changelog gets only a key's last value per commit anyway, a value written
 * over a kept one (an import's view, updated for each of its rows) is <i>unwritten</i> until the
 * task commits: Kafka Streams flushes the task's stores ({@link #flushCache}) before it commits the
 * transaction, and this layer writes its unwritten values to the store first, so the changelog and
 * the transaction hold what they held with every write going through, without encoding every
 * intermediate value. A first write of a key, a delete, and a value dropped as least recently used
 * go to the store at once, and a close writes what is unwritten first, as the record cache does.
 * Ranges, read from the store, give the unwritten value of any key they hold (an unwritten key is
 * always in the store, with an older value), also when it is written after the range was opened
 * (a RocksDB iterator reads the store as it was then). An aborted transaction clears the cache,
 * and the unwritten values with it.
 * <p>Only the thread processing the store's task keeps what it reads: a Kafka Streams stream
 * thread, which reads a task's stores only once they are restored (so an account only read, as
 * validation reads one for every row of a validate-only file, is decoded once), or the thread that
 * last wrote the store (a test's driver). A restore writes under this layer, straight into the
 * inner store, and an interactive query may read a task that is still restoring (after a revival,
 * the stream thread stays RUNNING): a query's thread gets what is kept, or else reads the store
 * without keeping it, so that a value read half-restored is never kept for the processor.
 */
public final class KeptValuesStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {

    /** Values kept per store and task: more than the imports or accounts one task has going at once. */
    public static final int CAPACITY = 64;

    private final Map<String, V> kept;
    /** Kept values not yet written to the store (their keys are kept and in the store); none unless {@link #atCommit}. */
    private final Map<String, V> unwritten = new HashMap<>();
    /** Whether a value written over a kept one waits for the commit ({@link #flushCache}). */
    private final boolean atCommit;
    /** Kafka Streams' processing threads, which keep what they read ({@link #keepsWhatItReads}). */
    private final Predicate<Thread> processing;
    /** The thread that last wrote the store, which keeps what it reads ({@link #keepsWhatItReads}); none since opened. */
    private volatile Thread writer;

    /** Every write goes to the store at once. */
    KeptValuesStore(KeyValueStore<String, V> store, int capacity) {
        this(store, capacity, false);
    }

    /** {@code atCommit}: a value written over a kept one goes to the store when the task commits. */
    KeptValuesStore(KeyValueStore<String, V> store, int capacity, boolean atCommit) {
        this(store, capacity, atCommit, StreamThread.class::isInstance);
    }

    /** {@code processing}: which threads are Kafka Streams' processing threads (tests: their own). */
    KeptValuesStore(KeyValueStore<String, V> store, int capacity, boolean atCommit, Predicate<Thread> processing) {
        super(store);
        this.atCommit = atCommit;
        this.processing = processing;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                V value = unwritten.get(eldest.getKey());
                if (value != null) {
                    wrapped().put(eldest.getKey(), value); // written before it is dropped
                    unwritten.remove(eldest.getKey());
                }
                return true;
            }
        };
    }

    /**
     * The store {@code inner} builds, with its values kept as objects over it; {@code atCommit}
     * (only for a store with the record cache): values written over kept ones go to the store when
     * the task commits.
     */
    public static <V> StoreBuilder<KeyValueStore<String, V>> over(StoreBuilder<KeyValueStore<String, V>> inner,
            boolean atCommit) {
        return new Builder<>(inner, atCommit);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        super.init(context, root);
    }

    /** As the record cache does when it closes: what is unwritten goes to the store first. */
    @Override
    public void close() {
        try {
            writeUnwritten();
        } finally {
            super.close();
            forget();
        }
    }

    @Override
    public void clearCache() {
        super.clearCache();
        forget();
    }

    /** Before the task commits: the unwritten values go to the store, then the store's cache to its changelog. */
    @Override
    public void flushCache() {
        writeUnwritten();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeUnwritten();
        super.flush();
    }

    private void writeUnwritten() {
        List<KeyValue<String, V>> values;
        synchronized (this) {
            if (unwritten.isEmpty()) {
                return;
            }
            values = unwritten.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).toList();
        }
        for (KeyValue<String, V> e : values) {
            wrapped().put(e.key, e.value);
            synchronized (this) {
                unwritten.remove(e.key); // only the writing thread (this one) changes it
            }
        }
    }

    private synchronized void forget() {
        kept.clear();
        unwritten.clear();
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
            if (value != null && keepsWhatItReads(Thread.currentThread())) {
                synchronized (this) {
                    kept.put(key, value);
                }
            }
        }
        return value;
    }

    /**
     * Whether what {@code thread} reads is kept: the thread that last wrote the store, or a stream
     * thread (see the class's comment: a task's processors and punctuators run after its
     * restoration). Recycling a task between active and standby clears what is kept
     * ({@link #clearCache}), and a revived task opens its stores again. A stream thread must not
     * query another task's store (no processor here does): it would keep what it reads.
     */
    private boolean keepsWhatItReads(Thread thread) {
        return thread == writer || processing.test(thread);
    }

    @Override
    public void put(String key, V value) {
        if (value != null && keptUnwritten(key, value)) {
            return;
        }
        wrapped().put(key, value);
        keep(key, value);
    }

    /** Keeps {@code value} unwritten when the store holds the key already and this thread writes it; whether it did. */
    private synchronized boolean keptUnwritten(String key, V value) {
        if (!atCommit || Thread.currentThread() != writer || !kept.containsKey(key)) {
            return false;
        }
        kept.put(key, value);
        unwritten.put(key, value);
        return true;
    }

    @Override
    public V putIfAbsent(String key, V value) {
        synchronized (this) {
            V current = kept.get(key);
            if (current != null) {
                return current; // the store holds the key: nothing written
            }
        }
        V before = wrapped().putIfAbsent(key, value);
        keep(key, before == null ? value : before);
        return before;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(String key) {
        V latest;
        synchronized (this) {
            latest = unwritten.get(key);
        }
        V before = wrapped().delete(key);
        keep(key, null); // drops the unwritten value too
        return latest != null ? latest : before;
    }

    /** After a write to the store: what it now holds for the key is kept, by the writing thread. */
    private synchronized void keep(String key, V value) {
        writer = Thread.currentThread();
        if (value == null) {
            kept.remove(key); // a null value deletes
            unwritten.remove(key);
        } else {
            kept.put(key, value);
        }
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return withUnwritten(() -> wrapped().range(from, to));
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        return withUnwritten(() -> wrapped().reverseRange(from, to));
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return withUnwritten(() -> wrapped().all());
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return withUnwritten(() -> wrapped().reverseAll());
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
            P prefix, PS prefixKeySerializer) {
        return withUnwritten(() -> wrapped().prefixScan(prefix, prefixKeySerializer));
    }

    /**
     * The store's entries, each key's unwritten value in place of the one the store holds. The
     * store's iterator may read the store as it was when it was made (RocksDB's does), while the
     * values unwritten then are written meanwhile (a commit, a value dropped as least recently
     * used): those are copied when it is made, under the same lock as the writes' bookkeeping,
     * and given when nothing newer is unwritten.
     */
    private KeyValueIterator<String, V> withUnwritten(java.util.function.Supplier<KeyValueIterator<String, V>> opener) {
        if (!atCommit) {
            return opener.get();
        }
        KeyValueIterator<String, V> stored;
        Map<String, V> unwrittenWhenOpened;
        synchronized (this) {
            unwrittenWhenOpened = unwritten.isEmpty() ? Map.of() : Map.copyOf(unwritten);
            stored = opener.get();
        }
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return stored.hasNext();
            }

            @Override
            public KeyValue<String, V> next() {
                KeyValue<String, V> entry = stored.next();
                V newer;
                synchronized (KeptValuesStore.this) {
                    newer = unwritten.get(entry.key);
                }
                if (newer == null) {
                    newer = unwrittenWhenOpened.get(entry.key);
                }
                return newer == null ? entry : KeyValue.pair(entry.key, newer);
            }

            @Override
            public String peekNextKey() {
                return stored.peekNextKey();
            }

            @Override
            public void close() {
                stored.close();
            }
        };
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Builds the inner store as configured, then puts the kept values over it. */
    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> inner, boolean atCommit) implements StoreBuilder<KeyValueStore<String, V>> {

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
            return new KeptValuesStore<>(inner.build(), CAPACITY, atCommit);
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
