package com.bulkimport.ingest.status;

import java.time.Instant;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.bulkimport.events.ImportGateDecided.LicenceShortfall;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.RowError;
import com.bulkimport.ingest.view.CreatedUser;
import com.bulkimport.ingest.view.ImportStatus;
import com.bulkimport.ingest.view.ImportView;
import com.bulkimport.ingest.view.ImportViews;
import com.bulkimport.ingest.security.AccountGuard;
import com.bulkimport.ingest.web.ApiDescription;
import com.bulkimport.ingest.web.ApiError;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.NotFound;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** An import's status with its row errors (paged), the account's imports, and the users created. */
@RestController
class StatusController {

    static final int MAX_PAGE_SIZE = 1000;
    private final AccountGuard guard;
    private final ImportViews views;

    StatusController(AccountGuard guard, ImportViews views) {
        this.guard = guard;
        this.views = views;
    }

    /** The status answer (SPEC "The shapes a client relies on"). */
    @Schema(description = "An import's status: where it stands, its counts by row state, one page of its row errors.")
    record Status(@Schema(description = "The import.") String importId,
            @Schema(description = "The account.") String accountId,
            @Schema(description = "Where the import stands: VALIDATING, then VALIDATION_FAILED, NOT_ENOUGH_LICENSES or "
                    + "VALIDATED (validate-only) when it ends there, or IN_PROGRESS then COMPLETED; or "
                    + "REJECTED_IMPORT_RUNNING: refused when it arrived, because another import of the account was still "
                    + "running (see `refusal`).") ImportStatus status,
            @Schema(description = "The user rows of the file.") int rowCount,
            ImportView.Counts counts,
            @Schema(description = "Per licence type, what the file needs and the account has free (NOT_ENOUGH_LICENSES).")
            List<LicenceShortfall> licenceShortfall,
            @Schema(description = "This page of the row errors: validation's, then those of users not created.")
            List<RowError> errors,
            @Schema(description = "All row errors, over every page.") int errorCount,
            @Schema(description = "The page answered, from 0.") int page,
            @Schema(description = "Row errors per page.") int size,
            @Schema(description = "Notes on the whole import, such as ignored columns or services not installed.")
            List<String> notes,
            ImportOptions options,
            ImportView.Emails emails,
            @Schema(description = "The uploaded file's name.") String fileName,
            @Schema(description = "Who uploaded it.") String requestedBy,
            @Schema(description = "When it was uploaded.") Instant requestedAt,
            @Schema(description = "When its status or counts last changed.") Instant updatedAt,
            @Schema(description = "REJECTED_IMPORT_RUNNING: why, as a refusal's error (code IMPORT_RUNNING, a sentence "
                    + "naming the running import); null otherwise.") ApiError refusal,
            @Schema(description = "REJECTED_IMPORT_RUNNING: the import of the account that was running; null otherwise.")
            String runningImportId) {
    }

    /** One import in the account's list. */
    @Schema(description = "One import of the account, as listed.")
    record Summary(@Schema(description = "The import.") String importId,
            @Schema(description = "Where it stands (as in its status).") ImportStatus status,
            @Schema(description = "The user rows of its file.") int rowCount,
            ImportView.Counts counts,
            @Schema(description = "The uploaded file's name.") String fileName,
            @Schema(description = "Who uploaded it.") String requestedBy,
            @Schema(description = "When it was uploaded.") Instant requestedAt,
            @Schema(description = "Where to read its status.") String statusUrl) {
    }

    @Operation(operationId = "importStatus", tags = ApiDescription.IMPORTS, summary = "An import's status",
            description = "Where the import stands, its counts by row state, the licence shortfall, the options and notes, "
                    + "and one page of its row errors. Answers as soon as the upload's 202 has.")
    @ApiResponse(responseCode = "200", description = "The status.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Status.class), examples = {
                    @ExampleObject(name = "inProgress", summary = "Users being created", value = "{\"importId\":\"5b0c8a5e-3f0e-4d4b-9a49-2f1f5c7d2c11\",\"accountId\":\"demo\",\"status\":\"IN_PROGRESS\",\"rowCount\":3,\"counts\":{\"validated\":3,\"failed\":0,\"created\":1,\"notCreated\":0,\"skipped\":0},\"licenceShortfall\":[],\"errors\":[],\"errorCount\":0,\"page\":0,\"size\":100,\"notes\":[],\"options\":{\"connect\":true,\"callerIdAttested\":false,\"passwordDelivery\":\"USER_EMAIL\",\"passwordAddress\":null,\"validateOnly\":false,\"skipExisting\":false},\"emails\":{\"sent\":1,\"failed\":0},\"fileName\":\"users.csv\",\"requestedBy\":\"demo-admin\",\"requestedAt\":\"2026-11-25T10:15:30Z\",\"updatedAt\":\"2026-11-25T10:15:32.120Z\",\"refusal\":null,\"runningImportId\":null}"),
                    @ExampleObject(name = "validationFailed", summary = "A row failed validation: nothing is created", value = "{\"importId\":\"5b0c8a5e-3f0e-4d4b-9a49-2f1f5c7d2c11\",\"accountId\":\"demo\",\"status\":\"VALIDATION_FAILED\",\"rowCount\":3,\"counts\":{\"validated\":2,\"failed\":1,\"created\":0,\"notCreated\":0,\"skipped\":0},\"licenceShortfall\":[],\"errors\":[{\"row\":3,\"column\":\"Email Address (Mandatory)\",\"value\":\"eve.ash-at-demo.example\",\"code\":\"EMAIL_INVALID\",\"message\":\"'eve.ash-at-demo.example' is not a valid email address (expected name@domain.example).\"}],\"errorCount\":1,\"page\":0,\"size\":100,\"notes\":[],\"options\":{\"connect\":true,\"callerIdAttested\":false,\"passwordDelivery\":\"USER_EMAIL\",\"passwordAddress\":null,\"validateOnly\":false,\"skipExisting\":false},\"emails\":{\"sent\":0,\"failed\":0},\"fileName\":\"users.csv\",\"requestedBy\":\"demo-admin\",\"requestedAt\":\"2026-11-25T10:15:30Z\",\"updatedAt\":\"2026-11-25T10:15:31.050Z\",\"refusal\":null,\"runningImportId\":null}"),
                    @ExampleObject(name = "rejectedImportRunning", summary = "Refused: another import of the account was running", value = "{\"importId\":\"9d7e61c2-0b1a-4f43-8f5e-6a3c2b1d0e9f\",\"accountId\":\"demo\",\"status\":\"REJECTED_IMPORT_RUNNING\",\"rowCount\":3,\"counts\":{\"validated\":0,\"failed\":0,\"created\":0,\"notCreated\":0,\"skipped\":0},\"licenceShortfall\":[],\"errors\":[],\"errorCount\":0,\"page\":0,\"size\":100,\"notes\":[],\"options\":{\"connect\":true,\"callerIdAttested\":false,\"passwordDelivery\":\"USER_EMAIL\",\"passwordAddress\":null,\"validateOnly\":false,\"skipExisting\":false},\"emails\":{\"sent\":0,\"failed\":0},\"fileName\":\"users.csv\",\"requestedBy\":\"demo-admin\",\"requestedAt\":\"2026-11-25T10:15:30Z\",\"updatedAt\":\"2026-11-25T10:15:30Z\",\"refusal\":{\"code\":\"IMPORT_RUNNING\",\"message\":\"Import 5b0c8a5e-3f0e-4d4b-9a49-2f1f5c7d2c11 of this account was still running when this one arrived, so this one was refused: none of its rows was checked and nothing was created. Upload the file again when that import has ended.\"},\"runningImportId\":\"5b0c8a5e-3f0e-4d4b-9a49-2f1f5c7d2c11\"}") }))
    @GetMapping("/api/accounts/{accountId}/imports/{importId}")
    Status status(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, @Parameter(description = "The import, as the upload answered it (`importId`).") @PathVariable String importId,
            @Parameter(description = "The page, from 0.") @RequestParam(defaultValue = "0") int page, @Parameter(description = "Rows per page, from 1 to 1,000.") @RequestParam(defaultValue = "100") int size,
            Authentication who) {
        guard.account(who, accountId);
        ImportView view = views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        checkPage(page, size);
        return new Status(view.importId(), view.accountId(), view.status(), view.rowCount(), view.counts(),
                view.licenceShortfall(), views.rowErrors(accountId, importId, page, size), views.errorCount(view), page,
                size, view.notes(),
                view.options(), view.emails(), view.fileName(), view.requestedBy(), view.requestedAt(), view.updatedAt(),
                refusal(view), view.runningImportId());
    }

    @Operation(operationId = "listImports", tags = ApiDescription.IMPORTS, summary = "The account's imports",
            description = "Every import of the account this service knows, each with its status and counts.")
    @ApiResponse(responseCode = "200", description = "The imports.")
    @GetMapping("/api/accounts/{accountId}/imports")
    List<Summary> list(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, Authentication who) {
        guard.account(who, accountId);
        return views.list(accountId).stream()
                .map(v -> new Summary(v.importId(), v.status(), v.rowCount(), v.counts(), v.fileName(), v.requestedBy(),
                        v.requestedAt(), "/api/accounts/" + accountId + "/imports/" + v.importId()))
                .toList();
    }

    @Operation(operationId = "createdUsers", tags = ApiDescription.RESULTS, summary = "The users an import created",
            description = "The users created so far, by row, each with what it got: licence, extension, numbers, location.")
    @ApiResponse(responseCode = "200", description = "One page of the users created.")
    @GetMapping("/api/accounts/{accountId}/imports/{importId}/users")
    List<CreatedUser> users(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, @Parameter(description = "The import, as the upload answered it (`importId`).") @PathVariable String importId,
            @Parameter(description = "The page, from 0.") @RequestParam(defaultValue = "0") int page, @Parameter(description = "Rows per page, from 1 to 1,000.") @RequestParam(defaultValue = "100") int size,
            Authentication who) {
        guard.account(who, accountId);
        views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        checkPage(page, size);
        return views.users(accountId, importId, page, size);
    }

    /** Why the pipeline refused the import, in the catalogue's words; null for an import it did not refuse. */
    private static ApiError refusal(ImportView view) {
        return view.status() == ImportStatus.REJECTED_IMPORT_RUNNING
                ? ApiErrorCode.IMPORT_RUNNING_IN_PIPELINE.error(view.runningImportId())
                : null;
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiErrorCode.INVALID_PAGE.refused(MAX_PAGE_SIZE, page, size);
        }
    }
}
