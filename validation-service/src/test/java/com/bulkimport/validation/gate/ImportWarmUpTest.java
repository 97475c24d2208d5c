package com.bulkimport.validation.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.bulkimport.validation.rules.RowRules;

/** The warm-up at start runs the gatherer's real per-row work: its rows pass the real rules, but the broken ones. */
class ImportWarmUpTest {

    @Test
    void shouldCheckEverySyntheticRowWithTheRealRulesFailingOnlyTheBrokenOnes() {
        // When 1,500 synthetic rows (numbers of three countries, every column filled) are warmed up on
        ImportWarmUp.Result result = ImportWarmUp.run(RowRules.standard(), 1500);

        // Then every row was checked, and only every tenth (its location misspelt) failed: the valid path is what warms
        assertThat(result.rows()).isEqualTo(1500);
        assertThat(result.failed()).isEqualTo(150);
    }
}
