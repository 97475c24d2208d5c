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
import com.bulkimport.ingest.web.ApiDescription;
import com.bulkimport.ingest.web.NotFound;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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

    @Operation(operationId = "progress", tags = ApiDescription.PROGRESS, summary = "Follow an import live",
            description = "Server-sent events: a `status` event whenever the import's status or counts change (its data is "
                    + "the status shape without the row errors), a comment line as heartbeat, and the end of the stream "
                    + "after the final status. An import that has already ended gets its final event at once.")
    @ApiResponse(responseCode = "200", description = "The stream of status events.",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "status", value = "event:status\ndata:{\"importId\":\"5b0c8a5e-…\","
                            + "\"status\":\"IN_PROGRESS\",\"counts\":{\"validated\":3,\"failed\":0,\"created\":1,"
                            + "\"notCreated\":0,\"skipped\":0},…}\n\n")))
    @GetMapping(path = "/api/accounts/{accountId}/imports/{importId}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter progress(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, @Parameter(description = "The import, as the upload answered it (`importId`).") @PathVariable String importId,
            Authentication who) {
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
