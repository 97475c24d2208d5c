package com.bulkimport.provisioning.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkimport.events.account.Account;

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
        Set<String> used = Set.of(inUse.isEmpty() ? new String[0] : inUse.split(";"));

        Optional<String> extension = ExtensionAllocator.lowestFree(account, used::contains);

        assertThat(extension.orElse("none")).isEqualTo(expected);
    }
}
