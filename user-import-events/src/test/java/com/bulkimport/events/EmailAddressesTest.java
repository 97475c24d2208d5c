package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressesTest {

    @Test
    void shouldAcceptBareAddressesOnly() {
        assertThat(EmailAddresses.isValid("ann.lee@demo.example")).isTrue();
        assertThat(EmailAddresses.isValid("Ann <ann@demo.example>")).isFalse();
        assertThat(EmailAddresses.isValid("ann@localhost")).isFalse();
        assertThat(EmailAddresses.isValid("ann@@demo.example")).isFalse();
        assertThat(EmailAddresses.isValid("ann@demo.example, bob@demo.example")).isFalse();
        assertThat(EmailAddresses.isValid("@")).isFalse();
        assertThat(EmailAddresses.isValid(null)).isFalse();
    }
}
