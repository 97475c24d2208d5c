package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.TopologyWarmUp;

class ProvisioningWarmUpTest {

    @Test
    void shouldCreateTheMadeUpUsersWithTheirEmailsOnTheServicesOwnStoresAndLeaveNoStateBehind() {
        PasswordSealer sealer = new PasswordSealer(PasswordSealer.newKey());
        Path stateDir;
        try (TopologyWarmUp warmUp = TopologyWarmUp.open("provisioning-warm-up-test",
                ProvisioningTopology.build(sealer, StoreKind.PERSISTENT), new PipelineProperties(3, (short) 1, null, 100L))) {
            stateDir = warmUp.stateDir();

            ProvisioningWarmUp.feed(warmUp, 40);

            // every row has a result (the repeated last command none), every tenth is refused (its
            // email was the row before's), each created user gets a password and a welcome email
            assertThat(warmUp.produced(Topics.ROWS_PROVISIONED)).isEqualTo(40);
            assertThat(warmUp.produced(Topics.USERS_CREATED)).isEqualTo(36);
            assertThat(warmUp.produced(Topics.NOTIFICATION_REQUESTS)).isEqualTo(72);
            assertThat(stateDir).isNotEmptyDirectory();
        }
        assertThat(Files.exists(stateDir)).isFalse();
    }
}
