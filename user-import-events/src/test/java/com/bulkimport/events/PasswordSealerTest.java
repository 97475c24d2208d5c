package com.bulkimport.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Sealing and opening on one thread's reused cipher: every call stands on its own. */
class PasswordSealerTest {

    private final PasswordSealer first = new PasswordSealer(PasswordSealer.newKey());
    private final PasswordSealer second = new PasswordSealer(PasswordSealer.newKey());

    @Test
    void shouldSealEachPasswordWithItsOwnNonceAndOpenItWithItsKeyAndContextOnly() {
        String a = first.seal("secret-Pw-1", "i1/2");
        String b = first.seal("secret-Pw-1", "i1/2");
        String c = second.seal("other-Pw-2", "i1/3");

        assertThat(a).isNotEqualTo(b);
        assertThat(first.open(a, "i1/2")).isEqualTo("secret-Pw-1");
        assertThat(second.open(c, "i1/3")).isEqualTo("other-Pw-2");
        assertThat(first.open(b, "i1/2")).isEqualTo("secret-Pw-1");
        assertThatThrownBy(() -> second.open(a, "i1/2")).hasMessageContaining("wrong key");
        assertThatThrownBy(() -> first.open(a, "i1/3")).hasMessageContaining("wrong key");
    }

    @Test
    void shouldOpenAgainAfterATamperedRecordFailedOnTheSameThread() {
        String sealed = first.seal("secret-Pw-1", "i1/2");
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length - 1] ^= 1;

        assertThatThrownBy(() -> first.open(Base64.getEncoder().encodeToString(raw), "i1/2"))
                .hasMessageContaining("tampered");
        assertThat(first.open(sealed, "i1/2")).isEqualTo("secret-Pw-1");
        assertThat(first.open(first.seal("next-Pw-3", "i1/4"), "i1/4")).isEqualTo("next-Pw-3");
    }
}
