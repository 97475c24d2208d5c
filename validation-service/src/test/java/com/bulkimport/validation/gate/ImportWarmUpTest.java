package com.bulkimport.validation.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.TopologyWarmUp;
import com.bulkimport.validation.ValidationTopology;
import com.bulkimport.validation.rules.RowRules;

/** The warm-up at start runs validation's own topology: its rows pass the real rules and go through the gate. */
class ImportWarmUpTest {

    @Test
    void shouldPassEveryMadeUpRowThroughTheRulesAndTheGate() {
        Path stateDir;
        try (TopologyWarmUp warmUp = TopologyWarmUp.open("validation-warm-up-test",
                ValidationTopology.build(RowRules.standard(), StoreKind.IN_MEMORY),
                new PipelineProperties(3, (short) 1, null, 100L))) {
            stateDir = warmUp.stateDir();

            // When 300 made-up rows (numbers of three countries, every column filled) are warmed up on
            ImportWarmUp.feed(warmUp, 300);

            // Then every row of both imports has a result, both imports a gate, and the valid
            // import's 300 rows were released to provisioning: the rules passed every one of them
            assertThat(warmUp.produced(Topics.ROWS_VALIDATED)).isEqualTo(300 + ImportWarmUp.BROKEN_ROWS);
            assertThat(warmUp.produced(Topics.IMPORT_GATES)).isEqualTo(2);
            assertThat(warmUp.produced(Topics.PROVISION_REQUESTS)).isEqualTo(300);
        }
        assertThat(Files.exists(stateDir)).isFalse();
    }
}
