package com.bulkimport.ingest.export;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.view.ImportStatus;
import com.bulkimport.ingest.view.ImportView;
import com.bulkimport.ingest.view.ImportViews;
import com.bulkimport.ingest.view.StoredRow;
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

/** Export errors to CSV, and the list of users not created, in the template's format. */
@RestController
class ExportController {

    private static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private final AccountGuard guard;
    private final ImportViews views;

    ExportController(AccountGuard guard, ImportViews views) {
        this.guard = guard;
        this.views = views;
    }

    /** The rows that failed validation or were not created, each with its reasons. */
    @Operation(operationId = "errorsCsv", tags = ApiDescription.RESULTS, summary = "The rows with errors, as CSV",
            description = "The rows that failed validation or were not created, in the template's columns as uploaded, with a "
                    + "last column saying what is wrong: fix them and upload the file again.")
    @ApiResponse(responseCode = "200", description = "The rows with errors (UTF-8 CSV), as an attachment.",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping("/api/accounts/{accountId}/imports/{importId}/errors.csv")
    ResponseEntity<String> errors(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, @Parameter(description = "The import, as the upload answered it (`importId`).") @PathVariable String importId,
            Authentication who) {
        var account = guard.account(who, accountId);
        views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        Map<Integer, List<RowError>> reasons = views.rowErrorsByRow(accountId, importId);
        List<StoredRow> failed = views.rows(accountId, importId).stream().filter(r -> reasons.containsKey(r.row())).toList();
        return csv("errors-" + importId + ".csv", CsvExport.write(
                TemplateColumn.forAccount(account.onPremisesIntegration()), failed, reasons, ""));
    }

    /** Every row not created (header only when all were), with why: its own reasons, or the import's. */
    @Operation(operationId = "notCreatedCsv", tags = ApiDescription.RESULTS, summary = "The rows not created, as CSV",
            description = "Every row whose user was not created (the header alone when all were), in the template's "
                    + "columns, with why: its own reasons, or the import's (validation failed, not enough licences, "
                    + "validate-only).")
    @ApiResponse(responseCode = "200", description = "The rows not created (UTF-8 CSV), as an attachment.",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping("/api/accounts/{accountId}/imports/{importId}/not-created.csv")
    ResponseEntity<String> notCreated(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, @Parameter(description = "The import, as the upload answered it (`importId`).") @PathVariable String importId,
            Authentication who) {
        var account = guard.account(who, accountId);
        ImportView view = views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        List<StoredRow> notCreated = views.rows(accountId, importId).stream()
                .filter(r -> r.outcome() != RowProvisioned.Outcome.CREATED && r.outcome() != RowProvisioned.Outcome.SKIPPED)
                .toList();
        return csv("not-created-" + importId + ".csv", CsvExport.write(
                TemplateColumn.forAccount(account.onPremisesIntegration()), notCreated,
                views.rowErrorsByRow(accountId, importId), defaultReason(view)));
    }

    private static String defaultReason(ImportView view) {
        return switch (view.status()) {
            case VALIDATION_FAILED -> "Not created: other rows of the file failed validation; nothing was created.";
            case NOT_ENOUGH_LICENSES -> "Not created: the account has not enough free licences for this file.";
            case VALIDATED -> "Not created: the import was a validation only.";
            case VALIDATING, IN_PROGRESS -> "Not created yet: the import is still " + view.status() + ".";
            case COMPLETED -> "Not created.";
            case REJECTED_IMPORT_RUNNING -> "Not created: the import was refused, another import of the account was "
                    + "running (" + view.runningImportId() + ").";
        };
    }

    private static ResponseEntity<String> csv(String fileName, String body) {
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .body(body);
    }
}
