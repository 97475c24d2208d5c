package com.bulkimport.ingest.progress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.bulkimport.ingest.view.ImportViews;
import com.bulkimport.ingest.security.AccountGuard;
import com.bulkimport.ingest.web.NotFound;

/**
 * {@code GET .../imports/{importId}/progress}: {@code text/event-stream}, one {@code status} event
 * per change of status or counts (the status shape without row errors), a comment as heartbeat,
 * and the end of the stream after the final status; an import that already ended gets its final
 * event at once.
 */
@RestController
class ProgressController {

    private final AccountGuard guard;
    private final ImportViews views;
    private final ProgressStreams streams;

    ProgressController(AccountGuard guard, ImportViews views, ProgressStreams streams) {
        this.guard = guard;
        this.views = views;
        this.streams = streams;
    }

    @GetMapping(path = "/api/accounts/{accountId}/imports/{importId}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter progress(@PathVariable String accountId, @PathVariable String importId, Authentication who) {
        guard.account(who, accountId);
        views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        return streams.open(accountId, importId);
    }

    @Configuration
    static class Streams {
        @Bean(destroyMethod = "close")
        ProgressStreams progressStreams(ImportViews views, ProgressSettings settings) {
            return new ProgressStreams(views::find, settings);
        }
    }
}
