package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Values kept as objects over a real (in-memory) store: read back without decoding, written through. */
class KeptValuesTest {

    private final AtomicInteger decoded = new AtomicInteger();
    private KeyValueStore<String, String> store;
    private KeptValues<String> kept;

    @BeforeEach
    void init() {
        Deserializer<String> counting = (topic, bytes) -> {
            decoded.incrementAndGet();
            return Serdes.String().deserializer().deserialize(topic, bytes);
        };
        Serde<String> values = Serdes.serdeFrom(Serdes.String().serializer(), counting);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("kept"), Serdes.String(), values)
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        kept = new KeptValues<>(store, 2);
    }

    @Test
    void shouldReadAValueWrittenOrReadBeforeWithoutDecodingItAndWriteEveryValueThrough() {
        store.put("a", "in the store before");
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
}
