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
import com.bulkimport.ingest.view.AccountSummary;
import com.bulkimport.ingest.view.ImportStatus;
import com.bulkimport.ingest.view.ImportView;
import com.bulkimport.ingest.view.ImportViews;
import com.bulkimport.ingest.security.AccountGuard;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.pipeline.RecordMdc;

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
    record Accepted(String importId, String accountId, ImportStatus status, int rowCount, String statusUrl) {
    }

    /** The file checks' verdict on a file that passed them. */
    record Checked(String fileName, long size, int rowCount, List<String> columns) {
    }

    /**
     * The file checks alone, nothing published: the page runs them as soon as a file is chosen, so
     * that their errors show before anything starts. Answers like the upload: 200 here, or the same
     * 4xx problem details.
     */
    @PostMapping(path = "/api/accounts/{accountId}/file-checks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Checked check(@PathVariable String accountId, @RequestPart("file") MultipartFile file, Authentication who)
            throws IOException {
        var account = guard.account(who, accountId);
        ParsedFile parsed = readFile(account, file);
        return new Checked(file.getOriginalFilename(), file.getSize(), parsed.rows().size(), parsed.headers());
    }

    @PostMapping(path = "/api/accounts/{accountId}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Accepted> upload(@PathVariable String accountId, @RequestPart("file") MultipartFile file,
            @RequestParam(defaultValue = "true") boolean connect,
            @RequestParam(defaultValue = "false") boolean callerIdAttested,
            @RequestParam(defaultValue = "USER_EMAIL") String passwordDelivery,
            @RequestParam(required = false) String passwordAddress,
            @RequestParam(defaultValue = "false") boolean validateOnly,
            @RequestParam(defaultValue = "false") boolean skipExisting,
            Authentication who) throws IOException {
        var account = guard.account(who, accountId);
        ImportOptions options = new ImportOptions(connect, callerIdAttested, delivery(passwordDelivery, passwordAddress),
                blankToNull(passwordAddress), validateOnly, skipExisting);
        ParsedFile parsed = readFile(account, file);

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
        ImportRequested request = new ImportRequested(importId, accountId, who.getName(),
                file.getOriginalFilename(), parsed.rows().size(), parsed.headers(), options, notes, Instant.now());
        List<RowSubmitted> rows = parsed.rows().stream()
                .map(r -> new RowSubmitted(importId, accountId, r.row(), r.values()))
                .toList();
        // Nothing reaches Kafka that the broker would refuse: a row too large for one record is a file error.
        publisher.firstTooLarge(request, rows).ifPresent(i -> {
            if (i < 0) {
                throw ApiErrorCode.ROW_TOO_LARGE_HEADER.refusedAt(1, null, publisher.maxRecordBytes());
            }
            int line = parsed.rows().get(i).line();
            throw ApiErrorCode.ROW_TOO_LARGE.refusedAt(line, null, line, publisher.maxRecordBytes());
        });

        // One import per account at a time: checked and started under the account's lock.
        synchronized (accountLocks.computeIfAbsent(accountId, k -> new Object())) {
            views.list(accountId).stream().filter(ImportView::active).findFirst().ifPresent(running -> {
                throw ApiErrorCode.IMPORT_RUNNING.refused(running.importId(), running.status());
            });
            publisher.publish(request, rows);
            views.accepted(ImportView.requested(request));
        }
        log.info("Import accepted: {} rows", rows.size());
        String statusUrl = "/api/accounts/" + accountId + "/imports/" + importId;
        return ResponseEntity.accepted().location(java.net.URI.create(statusUrl))
                .body(new Accepted(importId, accountId, ImportStatus.VALIDATING, rows.size(), statusUrl));
    }

    /** The file checks against the account's template: the same for a check alone and an upload. */
    private ParsedFile readFile(AccountSummary account, MultipartFile file) throws IOException {
        return reader.read(file.getInputStream(), file.getSize(), TemplateColumn.forAccount(account.onPremisesIntegration()));
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
