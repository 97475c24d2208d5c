package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.TopologyWarmUp;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.gate.ImportGatherer;

/** The warm-up at start runs validation's own topology: its rows pass the real rules and go through the gate. */
class ImportWarmUpTest {

    @Test
    void shouldPassEveryMadeUpRowThroughTheRulesAndTheGateAndFailOnlyTheBrokenOnes() {
        Path stateDir;
        // the topology as the service's warm-up opens it
        try (TopologyWarmUp warmUp = ImportWarmUp.open(new PipelineProperties(3, (short) 1, null, 100L))) {
            stateDir = warmUp.stateDir();

            // When 300 made-up rows (numbers of three countries, every column filled) are warmed up on
            int released = ImportWarmUp.feed(warmUp, 300);

            // Then every row of both imports has a result, and only the validate-only import's
            // broken rows (every other one, its location misspelt) failed
            assertThat(warmUp.output(Topics.ROWS_VALIDATED)).hasSize(300 + ImportWarmUp.BROKEN_ROWS)
                    .filteredOn(r -> !r.valid()).hasSize(ImportWarmUp.BROKEN_ROWS / 2)
                    .allSatisfy(r -> assertThat(r.importId()).isEqualTo(ImportWarmUp.ERRORS_ACCOUNT));
            // the valid import went through the gate and its 300 rows to provisioning
            assertThat(warmUp.output(Topics.IMPORT_GATES)).extracting(ImportGateDecided::outcome)
                    .containsExactly(ImportGateDecided.Outcome.RELEASED, ImportGateDecided.Outcome.VALIDATION_FAILED);
            assertThat(released).isEqualTo(300);
            // provisioning's answers reached the account's view (each user's email now taken) and
            // the tracker, which freed the account once every row had its outcome
            assertThat(warmUp.<String>store(AccountViewUpdater.USERS_STORE)
                    .get(StoreKey.user(ImportWarmUp.ACCOUNT, "user299@warm-up.example"))).isNotNull();
            assertThat(warmUp.store(ImportGatherer.RUNNING_IMPORTS_STORE).get(ImportWarmUp.ACCOUNT)).isNull();
        }
        assertThat(Files.exists(stateDir)).isFalse();
    }
}
