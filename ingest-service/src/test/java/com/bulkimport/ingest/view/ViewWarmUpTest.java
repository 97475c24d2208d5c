package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.TopologyWarmUp;

class ViewWarmUpTest {

    @Test
    void shouldTakeTheMadeUpImportThroughTheViewsOwnTopologyToCompleted() {
        Path stateDir;
        // the topology as the service's warm-up opens it
        try (TopologyWarmUp warmUp = ViewWarmUp.open(new PipelineProperties(3, (short) 1, null, 100L))) {
            stateDir = warmUp.stateDir();

            ViewWarmUp.feed(warmUp, 50);

            ImportView view = warmUp.<ImportView>store(ImportViewTopology.IMPORTS_STORE)
                    .get(ImportViewTopology.importKey(ViewWarmUp.ACCOUNT, ViewWarmUp.IMPORT));
            assertThat(view.status()).isEqualTo(ImportStatus.COMPLETED);
            assertThat(view.counts()).isEqualTo(new ImportView.Counts(50, 0, 50, 0, 0));
            assertThat(view.emails()).isEqualTo(new ImportView.Emails(100, 0));
            assertThat(warmUp.store(ImportViewTopology.USERS_STORE).approximateNumEntries()).isEqualTo(50);
        }
        assertThat(Files.exists(stateDir)).isFalse();
    }
}
