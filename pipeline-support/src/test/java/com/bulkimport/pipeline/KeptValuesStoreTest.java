package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
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
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("named"), Serdes.String(), Serdes.String())).build();
        assertThat(built).isInstanceOf(KeptValuesStore.class);
        assertThat(built.name()).isEqualTo("named");
    }
}
