package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.ingest.web.ProblemException;

class UploadOptionsTest {

    @Test
    void shouldCheckTheSpecifiedAddressWithTheRowsOwnRule() {
        assertThat(UploadController.delivery("specified_address", " ops@demo.example ")).isEqualTo(PasswordDelivery.SPECIFIED_ADDRESS);
        for (String bad : new String[] { null, "", "a@b", "Ops <ops@demo.example>", "ops@@demo.example", "a@x.example, b@x.example" }) {
            assertThatThrownBy(() -> UploadController.delivery("SPECIFIED_ADDRESS", bad)).as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors().get(0).column()).isEqualTo("passwordAddress"));
        }
        assertThat(UploadController.delivery("NONE", null)).isEqualTo(PasswordDelivery.NONE);
    }
}
