package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.TopologyWarmUp;

class ProvisioningWarmUpTest {

    @Test
    void shouldCreateTheMadeUpUsersWithTheirEmailsAndLeaveNoStateBehind() {
        Path stateDir;
        // the topology as the service's warm-up opens it
        try (TopologyWarmUp warmUp = ProvisioningWarmUp.open(new PipelineProperties(3, (short) 1, null, 100L))) {
            stateDir = warmUp.stateDir();

            ProvisioningWarmUp.feed(warmUp, 40);

            // every row has a result (the repeated last command none), every tenth is refused (its
            // email was the row before's), each created user gets a password and a welcome email
            assertThat(warmUp.output(Topics.ROWS_PROVISIONED)).hasSize(40)
                    .filteredOn(r -> r.outcome() == RowProvisioned.Outcome.CREATED).hasSize(36);
            assertThat(warmUp.output(Topics.USERS_CREATED)).hasSize(36);
            assertThat(warmUp.output(Topics.NOTIFICATION_REQUESTS)).hasSize(72);
        }
        assertThat(Files.exists(stateDir)).isFalse();
    }
}
