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
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.NotFound;

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
    record Status(String importId, String accountId, ImportStatus status, int rowCount, ImportView.Counts counts,
            List<LicenceShortfall> licenceShortfall, List<RowError> errors, int errorCount, int page, int size,
            List<String> notes, ImportOptions options, ImportView.Emails emails, String fileName, String requestedBy,
            Instant requestedAt, Instant updatedAt) {
    }

    /** One import in the account's list. */
    record Summary(String importId, ImportStatus status, int rowCount, ImportView.Counts counts, String fileName,
            String requestedBy, Instant requestedAt, String statusUrl) {
    }

    @GetMapping("/api/accounts/{accountId}/imports/{importId}")
    Status status(@PathVariable String accountId, @PathVariable String importId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size, Authentication who) {
        guard.account(who, accountId);
        ImportView view = views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        checkPage(page, size);
        return new Status(view.importId(), view.accountId(), view.status(), view.rowCount(), view.counts(),
                view.licenceShortfall(), views.rowErrors(accountId, importId, page, size), views.errorCount(view), page,
                size, view.notes(),
                view.options(), view.emails(), view.fileName(), view.requestedBy(), view.requestedAt(), view.updatedAt());
    }

    @GetMapping("/api/accounts/{accountId}/imports")
    List<Summary> list(@PathVariable String accountId, Authentication who) {
        guard.account(who, accountId);
        return views.list(accountId).stream()
                .map(v -> new Summary(v.importId(), v.status(), v.rowCount(), v.counts(), v.fileName(), v.requestedBy(),
                        v.requestedAt(), "/api/accounts/" + accountId + "/imports/" + v.importId()))
                .toList();
    }

    @GetMapping("/api/accounts/{accountId}/imports/{importId}/users")
    List<CreatedUser> users(@PathVariable String accountId, @PathVariable String importId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size, Authentication who) {
        guard.account(who, accountId);
        views.find(accountId, importId).orElseThrow(() -> new NotFound("Import " + importId));
        checkPage(page, size);
        return views.users(accountId, importId, page, size);
    }

    private static void checkPage(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiErrorCode.INVALID_PAGE.refused(MAX_PAGE_SIZE, page, size);
        }
    }
}
