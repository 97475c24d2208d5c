package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The upload's warm-up reads a real file through the real reader: every row of it, with no error. */
class UploadWarmUpTest {

    @Test
    void shouldReadEveryRowOfTheSyntheticFile() {
        // When the warm-up reads its file of 1,000 rows (every on-premises column filled)
        int read = UploadWarmUp.readSyntheticFile(new CsvFileReader(new UploadLimits(2_097_152L, 1000)), 1000);

        // Then every row was read, so the reader's whole path ran
        assertThat(read).isEqualTo(1000);
    }
}
