package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class StoreKeyTest {

    @Test
    void shouldPadRowNumbersToSevenAsciiDigitsSoThatKeysSortInRowOrder() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab")); // a locale whose digits are not ASCII
            assertThat(StoreKey.row(1)).isEqualTo("0000001");
            assertThat(StoreKey.row(42)).isEqualTo("0000042");
            assertThat(StoreKey.row(9_999_999)).isEqualTo("9999999");
            assertThat(StoreKey.row(12_345_678)).isEqualTo("12345678");
            assertThat(StoreKey.of("imp", StoreKey.row(9))).isLessThan(StoreKey.of("imp", StoreKey.row(10)));
        } finally {
            Locale.setDefault(before);
        }
    }
}
