package com.bulkimport.provisioning.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkimport.events.StoreKey;
import com.bulkimport.events.account.Account;
import com.bulkimport.pipeline.AccountStores;

class ExtensionAllocatorTest {

    @ParameterizedTest(name = "{0} to {1} digits, in use [{2}]: {3}")
    @CsvSource(textBlock = """
            3, 6, '',          100
            3, 6, 100;200,     101
            3, 6, 100;101;102, 103
            4, 4, 1000,        1001
            1, 1, 1;2;3;4;5;6;7;8, 9
            1, 1, 1;2;3;4;5;6;7;8;9, none
            """)
    void shouldGiveTheLowestFreeExtensionInTheAccountsRange(int min, int max, String inUse, String expected) {
        Account account = new Account("demo", "Demo", true, false, false, Set.of(), min, max, Map.of(), List.of(), null,
                List.of());
        KeyValueStore<String, String> extensions = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("extensions"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().withCachingDisabled().build();
        extensions.init(new MockProcessorContext<>().getStateStoreContext(), extensions);
        for (String e : inUse.isEmpty() ? new String[0] : inUse.split(";")) {
            extensions.put(StoreKey.of("demo", e), "user" + e + "@demo.example");
        }

        Optional<String> extension = ExtensionAllocator.lowestFree("demo", account,
                new AccountStores(null, null, extensions));

        assertThat(extension.orElse("none")).isEqualTo(expected);
    }
}
