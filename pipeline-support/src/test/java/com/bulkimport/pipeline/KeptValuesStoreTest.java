package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Values kept as objects over a real (in-memory) store: read back without decoding, written through. */
class KeptValuesStoreTest {

    private final AtomicInteger decoded = new AtomicInteger();
    private KeyValueStore<String, String> store;
    private KeptValuesStore<String> kept;

    @BeforeEach
    void init() {
        Deserializer<String> counting = (topic, bytes) -> {
            decoded.incrementAndGet();
            return Serdes.String().deserializer().deserialize(topic, bytes);
        };
        Serde<String> values = Serdes.serdeFrom(Serdes.String().serializer(), counting);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("kept"), Serdes.String(), values)
                .withLoggingDisabled().withCachingDisabled().build();
        kept = new KeptValuesStore<>(store, 2);
        open();
    }

    private void open() {
        kept.init(new MockProcessorContext<>().getStateStoreContext(), kept);
    }

    @Test
    void shouldReadAValueWrittenOrReadBeforeWithoutDecodingItAndWriteEveryValueThrough() {
        store.put("a", "in the store before");
        kept.put("other", "this thread writes the store");
        assertThat(kept.get("a")).isEqualTo("in the store before");
        assertThat(decoded).hasValue(1);
        assertThat(kept.get("a")).isEqualTo("in the store before");
        assertThat(decoded).hasValue(1);

        kept.put("b", "written");
        assertThat(kept.get("b")).isEqualTo("written");
        assertThat(decoded).hasValue(1);
        assertThat(store.get("b")).isEqualTo("written");

        kept.delete("b");
        assertThat(kept.get("b")).isNull();
        assertThat(store.get("b")).isNull();
    }

    @Test
    void shouldKeepWhatTheStoreHoldsAfterPutIfAbsentPutAllAndAPutOfNull() {
        kept.put("a", "first");
        assertThat(kept.putIfAbsent("a", "second")).isEqualTo("first");
        assertThat(kept.get("a")).isEqualTo("first");
        assertThat(kept.putIfAbsent("b", "only")).isNull();
        assertThat(store.get("b")).isEqualTo("only");

        kept.putAll(List.of(KeyValue.pair("a", "third"), KeyValue.pair("b", null)));
        decoded.set(0);
        assertThat(kept.get("a")).isEqualTo("third");
        assertThat(decoded).hasValue(0);
        assertThat(kept.get("b")).isNull();
        assertThat(store.get("b")).isNull();
    }

    @Test
    void shouldKeepAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        kept.put("a", "1");
        kept.put("b", "2");
        kept.get("a");
        kept.put("c", "3"); // b, the least recently used, is dropped
        decoded.set(0);

        assertThat(kept.get("a")).isEqualTo("1");
        assertThat(kept.get("c")).isEqualTo("3");
        assertThat(decoded).hasValue(0);
        assertThat(kept.get("b")).isEqualTo("2");
        assertThat(decoded).hasValue(1);
    }

    @Test
    void shouldKeepWhatOnlyTheWritingThreadReadsAndGiveOtherThreadsWhatIsKept() throws Exception {
        store.put("b", "in the store, half restored");
        kept.put("a", "written");
        decoded.set(0);

        String[] seen = new String[2];
        Thread query = new Thread(() -> {
            seen[0] = kept.get("a");
            seen[1] = kept.get("b");
        });
        query.start();
        query.join();
        assertThat(seen).containsExactly("written", "in the store, half restored");
        assertThat(decoded).hasValue(1); // "b" read from the store, not kept for the processor
        store.put("b", "restored");
        assertThat(kept.get("b")).isEqualTo("restored");
        assertThat(kept.get("b")).isEqualTo("restored");
        assertThat(decoded).hasValue(2);
    }

    @Test
    void shouldKeepNothingReadBeforeTheFirstWriteAfterTheStoreIsOpened() {
        kept.put("a", "written");
        kept.close();
        open();
        store.put("a", "restored");
        assertThat(kept.get("a")).isEqualTo("restored");
        store.put("a", "restored again");
        assertThat(kept.get("a")).isEqualTo("restored again");
    }

    @Test
    void shouldKeepWhatAProcessingThreadReadsThoughNothingWasWrittenSinceTheStoreWasOpened() throws Exception {
        // Given a store whose processing threads are those named "stream-thread", and a value restored into it
        KeptValuesStore<String> overStreams = new KeptValuesStore<>(store, 2, false,
                t -> t.getName().equals("stream-thread"));
        overStreams.init(new MockProcessorContext<>().getStateStoreContext(), overStreams);
        store.put("account", "restored");
        decoded.set(0);

        // When the processing thread reads it again and again (an account read for every row), and a query's thread too
        Thread processing = new Thread(() -> {
            for (int row = 0; row < 3; row++) {
                assertThat(overStreams.get("account")).isEqualTo("restored");
            }
        }, "stream-thread");
        processing.start();
        processing.join();
        Thread query = new Thread(() -> assertThat(overStreams.get("account")).isEqualTo("restored"), "http-thread");
        query.start();
        query.join();

        // Then it was decoded once, and the query was given what the processing thread keeps
        assertThat(decoded).hasValue(1);
    }

    @Test
    void shouldForgetWhatItKeptWhenTheStoreIsOpenedAgainOrItsCacheCleared() {
        kept.put("a", "before the task was revived");
        kept.close();
        open();
        kept.put("x", "this thread writes the store again");
        store.put("a", "restored from the changelog"); // under the kept values, as a restore writes
        assertThat(kept.get("a")).isEqualTo("restored from the changelog");

        store.put("a", "after the cache was cleared");
        kept.clearCache();
        kept.put("x", "and again");
        assertThat(kept.get("a")).isEqualTo("after the cache was cleared");
    }

    @Test
    void shouldBeTheStoreATopologyGivesItsProcessorsUnderTheStoresName() {
        KeyValueStore<String, String> built = KeptValuesStore.over(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("named"), Serdes.String(), Serdes.String()), true).build();
        assertThat(built).isInstanceOf(KeptValuesStore.class);
        assertThat(built.name()).isEqualTo("named");
    }

    // ------------------------------------------------------------ values written at the commit

    /** The same store with values written over kept ones held until the commit (over a cached store). */
    private KeptValuesStore<String> atCommit() {
        return atCommit(store);
    }

    /** Values written at the commit over {@code inner}, keeping 2, opened. */
    private static KeptValuesStore<String> atCommit(KeyValueStore<String, String> inner) {
        KeptValuesStore<String> atCommit = new KeptValuesStore<>(inner, 2, true);
        atCommit.init(new MockProcessorContext<>().getStateStoreContext(), atCommit);
        return atCommit;
    }

    @Test
    void shouldWriteAValueWrittenOverAKeptOneWhenTheTaskCommitsAndReadItBackBeforeThat() {
        KeptValuesStore<String> view = atCommit();
        view.put("import-1", "1 row validated"); // a first write goes to the store at once
        assertThat(store.get("import-1")).isEqualTo("1 row validated");

        view.put("import-1", "2 rows validated");
        view.put("import-1", "3 rows validated");
        assertThat(store.get("import-1")).isEqualTo("1 row validated");
        assertThat(view.get("import-1")).isEqualTo("3 rows validated");
        assertThat(view.putIfAbsent("import-1", "no")).isEqualTo("3 rows validated");

        view.flushCache(); // what Kafka Streams calls before it commits the task's transaction
        assertThat(store.get("import-1")).isEqualTo("3 rows validated");

        view.put("import-1", "4 rows validated");
        view.flush();
        assertThat(store.get("import-1")).isEqualTo("4 rows validated");
    }

    @Test
    void shouldGiveTheUnwrittenValueInEveryRangeAndToAnyThread() throws Exception {
        KeptValuesStore<String> view = atCommit();
        view.put("acme|1", "requested");
        view.put("acme|2", "requested");
        view.put("acme|2", "validated");

        assertThat(entries(view.all())).containsExactly("acme|1=requested", "acme|2=validated");
        assertThat(entries(view.range("acme|2", "acme|3"))).containsExactly("acme|2=validated");
        assertThat(entries(view.reverseAll())).containsExactly("acme|2=validated", "acme|1=requested");
        assertThat(entries(view.reverseRange("acme|1", "acme|2"))).containsExactly("acme|2=validated", "acme|1=requested");
        assertThat(entries(view.prefixScan("acme|", Serdes.String().serializer())))
                .containsExactly("acme|1=requested", "acme|2=validated");

        List<String> seen = new java.util.ArrayList<>();
        Thread query = new Thread(() -> {
            seen.add(view.get("acme|2"));
            seen.addAll(entries(view.all()));
        });
        query.start();
        query.join();
        assertThat(seen).containsExactly("validated", "acme|1=requested", "acme|2=validated");
    }

    @Test
    void shouldGiveTheValueUnwrittenWhenARangeWasOpenedThoughItIsWrittenBeforeTheRangeReachesIt() {
        // Given a store whose ranges read it as it was when they were opened, as RocksDB's do
        SnapshotStore snapshots = new SnapshotStore();
        KeptValuesStore<String> view = atCommit(snapshots);
        view.put("acme|1", "requested");
        view.put("acme|1", "validated"); // unwritten

        // When a range is opened, then the task commits (and a value is dropped) before it is read
        KeyValueIterator<String, String> range = view.range("acme|", "acme|~");
        view.flushCache();
        assertThat(snapshots.values).containsEntry("acme|1", "validated");

        // Then the range gives the newer value, not the store's older one it was opened on
        assertThat(entries(range)).containsExactly("acme|1=validated");
    }

    /** A store whose iterators are copies made when they are opened. */
    private static final class SnapshotStore implements KeyValueStore<String, String> {
        final java.util.TreeMap<String, String> values = new java.util.TreeMap<>();

        @Override
        public String name() {
            return "snapshots";
        }

        @Override
        public void init(org.apache.kafka.streams.processor.StateStoreContext context,
                org.apache.kafka.streams.processor.StateStore root) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void put(String key, String value) {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }

        @Override
        public String putIfAbsent(String key, String value) {
            return values.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<String, String>> entries) {
            entries.forEach(e -> put(e.key, e.value));
        }

        @Override
        public String delete(String key) {
            return values.remove(key);
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public KeyValueIterator<String, String> range(String from, String to) {
            return copy(values.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, String> all() {
            return copy(values);
        }

        @Override
        public long approximateNumEntries() {
            return values.size();
        }

        private static KeyValueIterator<String, String> copy(java.util.Map<String, String> entries) {
            var it = List.copyOf(entries.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).toList())
                    .iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, String> next() {
                    return it.next();
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void shouldWriteAnUnwrittenValueBeforeDroppingItAndNeverWriteADeletedOne() {
        KeptValuesStore<String> view = atCommit(); // keeps 2
        view.put("a", "a1");
        view.put("a", "a2");
        view.put("b", "b1");
        view.put("b", "b2");
        view.put("c", "c1"); // a, the least recently used, is dropped: written first
        assertThat(store.get("a")).isEqualTo("a2");
        assertThat(view.get("a")).isEqualTo("a2");

        assertThat(view.delete("b")).isEqualTo("b2");
        view.flushCache();
        assertThat(store.get("b")).isNull();
        assertThat(view.get("b")).isNull();
    }

    @Test
    void shouldDropTheUnwrittenValuesOfAnAbortedTransaction() {
        KeptValuesStore<String> view = atCommit();
        view.put("a", "committed");
        view.put("a", "in the aborted transaction");
        view.clearCache(); // Kafka Streams clears the caches when it aborts a task's transaction
        view.flushCache();
        assertThat(store.get("a")).isEqualTo("committed");
        assertThat(view.get("a")).isEqualTo("committed");
    }

    @Test
    void shouldWriteWhatIsUnwrittenWhenClosedAsTheRecordCacheDoes() {
        SnapshotStore closing = new SnapshotStore(); // keeps its values when closed, unlike the in-memory store
        KeptValuesStore<String> view = atCommit(closing);
        view.put("a", "1");
        view.put("a", "2");
        view.close();
        assertThat(closing.values).containsEntry("a", "2");
    }

    @Test
    void shouldWriteEveryValueAtOnceOverALedger() {
        kept.put("a", "1");
        kept.put("a", "2");
        assertThat(store.get("a")).isEqualTo("2");
        assertThat(entries(kept.all())).containsExactly("a=2");
    }

    private static List<String> entries(KeyValueIterator<String, String> it) {
        List<String> out = new java.util.ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> out.add(kv.key + "=" + kv.value));
        }
        return out;
    }
}
