package com.bulkimport.ingest.upload;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.bulkimport.events.BundleService;
import com.bulkimport.events.EmailAddresses;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.view.ImportStatus;
import com.bulkimport.ingest.view.ImportView;
import com.bulkimport.ingest.view.ImportViews;
import com.bulkimport.ingest.security.AccountGuard;
import com.bulkimport.ingest.web.ApiDescription;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.pipeline.RecordMdc;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * Upload and start: checks the file as a whole, then publishes it and answers 202 with the
 * import's id and status address. The import runs on asynchronously.
 */
@RestController
class UploadController {

    private static final Logger log = LoggerFactory.getLogger(UploadController.class);

    private final AccountGuard guard;
    private final CsvFileReader reader;
    private final ImportPublisher publisher;
    private final ImportViews views;
    private final Map<String, Object> accountLocks = new ConcurrentHashMap<>();

    UploadController(AccountGuard guard, CsvFileReader reader, ImportPublisher publisher, ImportViews views) {
        this.guard = guard;
        this.reader = reader;
        this.publisher = publisher;
        this.views = views;
    }

    /** The 202 answer: where to follow the import. */
    @Schema(description = "An import started: where to follow it.")
    record Accepted(@Schema(description = "The import's id.") String importId,
            @Schema(description = "The account.") String accountId,
            @Schema(description = "VALIDATING: the rows are being validated.") ImportStatus status,
            @Schema(description = "The user rows of the file.") int rowCount,
            @Schema(description = "Where to read its status (also the Location header).") String statusUrl) {
    }

    /** The file checks' verdict on a file that passed them. */
    @Schema(description = "A file that passed the checks of the whole file (the rows are validated once it is uploaded).")
    record Checked(@Schema(description = "The file's name.") String fileName,
            @Schema(description = "Its size in bytes.") long size,
            @Schema(description = "Its user rows.") int rowCount,
            @Schema(description = "Its columns, as the template names them, in the file's order.") List<String> columns) {
    }

    /**
     * The file checks alone, nothing published: the page runs them as soon as a file is chosen, so
     * that their errors show before anything starts. Answers like the upload: 200 here, or the same
     * 4xx problem details.
     */
    @Operation(operationId = "checkFile", tags = ApiDescription.IMPORTS, summary = "Check a file without importing it",
            description = "The checks of the whole file that an upload runs (size, CSV, header against the account's "
                    + "template, row count), and nothing published: the page runs them as soon as a file is chosen. "
                    + "Refused as an upload would be.")
    @ApiResponse(responseCode = "200", description = "The file passed the checks.")
    @PostMapping(path = "/api/accounts/{accountId}/file-checks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Checked check(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, @Parameter(description = "The CSV file (UTF-8, comma-separated, the template's header row first), at most `bulkimport.upload.max-file-bytes` (2 MiB) and `bulkimport.upload.max-rows` (1,000) user rows.") @RequestPart("file") MultipartFile file,
            Authentication who) throws IOException {
        var account = guard.account(who, accountId);
        List<TemplateColumn> template = TemplateColumn.forAccount(account.onPremisesIntegration());
        CsvFileReader.Summary checked = checkFirst(file.getSize(),
                () -> reader.check(file::getInputStream, file.getSize(), template, row -> { }));
        return new Checked(file.getOriginalFilename(), file.getSize(), checked.rowCount(), checked.headers());
    }

    @Operation(operationId = "startImport", tags = ApiDescription.IMPORTS, summary = "Upload a file and start its import",
            description = "Checks the whole file, then starts the import and answers at once: the rows are validated, "
                    + "and if every row passes and the account has enough licences, each user is created and emailed. "
                    + "One import per account at a time. Follow it at `statusUrl`.")
    @ApiResponse(responseCode = "202", description = "Accepted: the import runs on; its status is at `statusUrl`.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class),
                    examples = @ExampleObject(name = "accepted", value = "{\"importId\":\"5b0c8a5e-3f0e-4d4b-9a49-2f1f5c7d2c11\","
                            + "\"accountId\":\"demo\",\"status\":\"VALIDATING\",\"rowCount\":3,\"statusUrl\":"
                            + "\"/api/accounts/demo/imports/5b0c8a5e-3f0e-4d4b-9a49-2f1f5c7d2c11\"}")))
    @PostMapping(path = "/api/accounts/{accountId}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Accepted> upload(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId,
            @Parameter(description = "The CSV file (UTF-8, comma-separated, the template's header row first), at most `bulkimport.upload.max-file-bytes` (2 MiB) and `bulkimport.upload.max-rows` (1,000) user rows.") @RequestPart("file") MultipartFile file,
            @Parameter(description = "Activate CONNECT (phone service) for the users: numbers, extensions and locations "
                    + "are used only then.") @RequestParam(defaultValue = "true") boolean connect,
            @Parameter(description = "The administrator attests the users' caller ids.")
            @RequestParam(defaultValue = "false") boolean callerIdAttested,
            @Parameter(description = "Where the temporary passwords go: USER_EMAIL (each user), SPECIFIED_ADDRESS "
                    + "(`passwordAddress`, one email per user) or NONE.", schema = @Schema(type = "string",
                            allowableValues = { "USER_EMAIL", "SPECIFIED_ADDRESS", "NONE" }, defaultValue = "USER_EMAIL"))
            @RequestParam(defaultValue = "USER_EMAIL") String passwordDelivery,
            @Parameter(description = "The address for SPECIFIED_ADDRESS: a valid email address.")
            @RequestParam(required = false) String passwordAddress,
            @Parameter(description = "Validate the rows and licences only: nothing is created (status VALIDATED when "
                    + "all pass).") @RequestParam(defaultValue = "false") boolean validateOnly,
            @Parameter(description = "Skip the rows of users that already exist instead of failing them.")
            @RequestParam(defaultValue = "false") boolean skipExisting,
            Authentication who) throws IOException {
        var account = guard.account(who, accountId);
        ImportOptions options = new ImportOptions(connect, callerIdAttested, delivery(passwordDelivery, passwordAddress),
                blankToNull(passwordAddress), validateOnly, skipExisting);
        List<TemplateColumn> template = TemplateColumn.forAccount(account.onPremisesIntegration());
        String importId = UUID.randomUUID().toString();
        MDC.put(RecordMdc.IMPORT_ID, importId); // the rest of this request's log lines are about this import
        List<String> notes = new ArrayList<>();
        if (!connect) {
            notes.add("CONNECT is not enabled: phone numbers, extensions and locations in the file are ignored.");
        }
        List<String> missing = account.missingServices().stream().map(BundleService::name).toList();
        if (!missing.isEmpty()) {
            notes.add("Not installed on this account: " + String.join(", ", missing)
                    + ". The import goes on with the installed services.");
        }
        // Two passes over the upload's temporary file, neither holding its rows: the first checks the
        // whole file (nothing is published for a file with an error), the second publishes row by row.
        long start = System.nanoTime();
        ImportRequested request = checkFirst(file.getSize(), () -> {
            int[] tooLargeLine = { 0 };
            CsvFileReader.Summary checked = reader.check(file::getInputStream, file.getSize(), template, row -> {
                // Nothing reaches Kafka that the broker would refuse: a row too large for one record is a file error.
                if (tooLargeLine[0] == 0 && publisher.tooLarge(new RowSubmitted(importId, accountId, row.row(), row.values()))) {
                    tooLargeLine[0] = row.line();
                }
            });
            ImportRequested requested = new ImportRequested(importId, accountId, who.getName(),
                    file.getOriginalFilename(), checked.rowCount(), checked.headers(), options, notes, Instant.now());
            if (publisher.tooLarge(requested)) {
                throw ApiErrorCode.ROW_TOO_LARGE_HEADER.refusedAt(1, null, publisher.maxRecordBytes());
            }
            if (tooLargeLine[0] > 0) {
                int line = tooLargeLine[0];
                throw ApiErrorCode.ROW_TOO_LARGE.refusedAt(line, null, line, publisher.maxRecordBytes());
            }
            return requested;
        });
        // One import per account at a time: checked and started under the account's lock, against this
        // instance's view. The fast, friendly answer only: another instance, or a view behind its topics,
        // may let a second import through, and validation then refuses it (REJECTED_IMPORT_RUNNING).
        // The second pass reads a file that passed every check, in constant memory, so it needs no parse
        // permit: holding one while publishing would answer other accounts' uploads 429 for no bound gained.
        synchronized (accountLocks.computeIfAbsent(accountId, k -> new Object())) {
            views.list(accountId).stream().filter(ImportView::active).findFirst().ifPresent(running -> {
                throw ApiErrorCode.IMPORT_RUNNING.refused(running.importId(), running.status());
            });
            long checkedAt = System.nanoTime();
            publisher.publish(request, send -> reader.check(file::getInputStream, file.getSize(), template,
                    row -> send.accept(new RowSubmitted(importId, accountId, row.row(), row.values()))).rowCount());
            long publishedAt = System.nanoTime();
            // Answered once the view of the instance holding the account has it: a status call right
            // after the 202 finds it, whichever instance it reaches (bounded: bulkimport.view.accept-wait).
            views.accepted(ImportView.requested(request));
            log.info("Import accepted: {} rows ({} bytes), checked in {} ms, published in {} ms, in the view after {} ms",
                    request.rowCount(), file.getSize(), (checkedAt - start) / 1_000_000,
                    (publishedAt - checkedAt) / 1_000_000, (System.nanoTime() - publishedAt) / 1_000_000);
        }
        String statusUrl = "/api/accounts/" + accountId + "/imports/" + importId;
        return ResponseEntity.accepted().location(java.net.URI.create(statusUrl))
                .body(new Accepted(importId, accountId, ImportStatus.VALIDATING, request.rowCount(), statusUrl));
    }

    /**
     * The passes over one upload, refused at once if its declared size is too large, and run while
     * fewer than {@code maxConcurrentParses} other files are read.
     */
    private <T> T checkFirst(long size, Supplier<T> passes) {
        reader.refuseTooLarge(size);
        return reader.exclusively(passes);
    }

    /** The delivery option; a specified address must be one the rows' own rule accepts. */
    static PasswordDelivery delivery(String value, String address) {
        PasswordDelivery delivery;
        try {
            delivery = PasswordDelivery.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiErrorCode.INVALID_OPTION.refusedAt(null, "passwordDelivery", CsvFileReader.excerpt(value),
                    Arrays.stream(PasswordDelivery.values()).map(PasswordDelivery::name).collect(Collectors.joining(", ")));
        }
        if (delivery == PasswordDelivery.SPECIFIED_ADDRESS && !EmailAddresses.isValid(blankToNull(address))) {
            throw ApiErrorCode.INVALID_OPTION_ADDRESS_MISSING.refusedAt(null, "passwordAddress");
        }
        return delivery;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
