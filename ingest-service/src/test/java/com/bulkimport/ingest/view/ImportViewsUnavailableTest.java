package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.bulkimport.ingest.web.ProblemException;
import com.bulkimport.pipeline.StreamsCondition;

/**
 * The view's 503 agrees with the health endpoint: "being restored" (try again in seconds) only
 * while health is UP or the service is starting; once the streams failed or are stuck (health
 * DOWN), the answer says the service must be restarted.
 */
class ImportViewsUnavailableTest {

    @Test
    void shouldSayBeingRestoredOnlyWhileStartingOrRecoveringWithinTheGrace() {
        for (StreamsCondition condition : StreamsCondition.values()) {
            ProblemException answer = ImportViews.unavailable(condition);
            assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            String code = answer.errors().get(0).code();
            if (condition == StreamsCondition.STARTING || condition.up()) {
                assertThat(code).as(condition.name()).isEqualTo("VIEW_STARTING");
                assertThat(answer.retryAfter()).isEqualTo(Duration.ofSeconds(2));
            } else {
                assertThat(code).as(condition.name()).isEqualTo("VIEW_DOWN");
                assertThat(answer.errors().get(0).message()).doesNotContain("being restored").contains("restarted");
            }
        }
    }
}
