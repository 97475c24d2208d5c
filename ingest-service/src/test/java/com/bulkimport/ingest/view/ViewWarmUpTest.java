package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewWarmUpTest {

    @Test
    void shouldTakeSyntheticResultsThroughTheViewsRecordsToCompleted() {
        assertThat(ViewWarmUp.run(50)).isEqualTo(50);
    }
}
