package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.testing.Poison;
import com.bulkimport.testing.PoisonCases;
import com.bulkimport.testing.PoisonDriver;

/**
 * Poison records on each topic provisioning reads: each goes to the dead-letter topic, as it was,
 * with the reason in its headers; it changes nothing, and the record after it is processed.
 */
class ProvisioningPoisonTest {

    @AutoClose
    private final PoisonDriver driver = PoisonDriver.start("provisioning-poison-test",
            ProvisioningTopology.build(new PasswordSealer(PasswordSealer.newKey()), StoreKind.IN_MEMORY))
            .withDemoFixture();

    /** The topics provisioning reads (see {@link ProvisioningTopology}). */
    enum Input {
        ACCOUNT_EVENTS, PROVISION_REQUESTS
    }

    @PoisonCases
    void shouldDeadLetterThePoisonWithItsReasonAndProcessTheNextRecord(Input input, Poison poison) {
        switch (input) {
            case ACCOUNT_EVENTS -> {
                KeyValueStore<String, DirectoryUser> directory = driver.store(DirectoryUpdater.USERS_STORE);
                driver.deadLetterThenProcess(Topics.ACCOUNT_EVENTS, poison,
                        new AccountEvent.UserRegistered("demo", "poison@demo.example", "150", List.of(), null), "email",
                        new AccountEvent.UserRegistered("demo", "next@demo.example", "151", List.of(), null));
                assertThat(directory.get(StoreKey.user("demo", "poison@demo.example"))).isNull();
                assertThat(directory.get(StoreKey.user("demo", "next@demo.example")).extension()).isEqualTo("151");
            }
            case PROVISION_REQUESTS -> {
                var results = driver.output(Topics.ROWS_PROVISIONED);
                driver.deadLetterThenProcess(Topics.PROVISION_REQUESTS, poison, command(2, "poison@demo.example"), "user",
                        command(3, "next@demo.example"));
                assertThat(results.readValuesToList()).extracting(RowProvisioned::row).containsExactly(3);
            }
        }
    }

    private static ProvisionUser command(int row, String email) {
        return new ProvisionUser("poison-import", "demo", row, "Essentials", NewUser.of(email, "User " + row, null),
                ImportOptions.defaults());
    }
}
