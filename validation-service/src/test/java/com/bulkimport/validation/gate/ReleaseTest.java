package com.bulkimport.validation.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.bulkimport.validation.gate.Release.Pass;

/**
 * A release's passes in order: the second pass (rows taking the lowest free extension) is skipped
 * only when the first one counted no row for it, across steps; a release stored before the count
 * existed goes through every pass.
 */
class ReleaseTest {

    @Test
    void shouldSkipTheSecondPassOnlyWhenTheFirstCountedNoRowForItAcrossItsSteps() {
        Release none = Release.of("imp", true).at("imp|row-3", 0);
        assertThat(none.next(0).pass()).isEqualTo(Pass.ALL_ROWS);

        Release oneInAnEarlierStep = Release.of("imp", true).at("imp|row-3", 1);
        assertThat(oneInAnEarlierStep.next(0).pass()).isEqualTo(Pass.OTHER_ROWS);
        assertThat(Release.of("imp", true).next(2).pass()).isEqualTo(Pass.OTHER_ROWS);
    }

    @Test
    void shouldGoThroughEveryPassForAReleaseStoredWithoutTheCount() {
        Release stored = new Release("imp", true, Pass.ROWS_NAMING_THEIR_EXTENSION, "imp|row-3", null);
        assertThat(stored.next(0).pass()).isEqualTo(Pass.OTHER_ROWS);
        assertThat(stored.next(0).next(0).pass()).isEqualTo(Pass.ALL_ROWS);
        assertThat(stored.next(0).next(0).next(0).pass()).isEqualTo(Pass.CLAIMED_VALUES);
    }

    @Test
    void shouldDeleteOnlyInTheLastTwoPassesAndStartAStoppedImportThere() {
        assertThat(Pass.values()).filteredOn(Pass::deletes).containsExactly(Pass.ALL_ROWS, Pass.CLAIMED_VALUES);
        assertThat(Release.of("imp", false).pass()).isEqualTo(Pass.ALL_ROWS);
    }
}
