package com.bulkimport.ingest.view;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.bulkimport.events.RowError;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The internal endpoint the other ingest instances read this one's part of the import view with
 * ({@link RemoteView}): the same records the stores hold, as JSON, for accounts this instance holds
 * only (another is 503: the group rebalanced since the caller looked). Callers are the other
 * instances, with the shared secret ({@link InternalViewSecurity}); administrators have the API,
 * which is why it is left out of the API description. Pages are bounded as the API's are.
 */
@Hidden
@RestController
@RequestMapping(ViewQueryController.PATH)
class ViewQueryController {

    static final String PATH = "/internal/view";
    static final int MAX_PAGE = 1000;

    private final ImportViews views;

    ViewQueryController(ImportViews views) {
        this.views = views;
    }

    @GetMapping("/accounts/{accountId}")
    ResponseEntity<AccountSummary> account(@PathVariable String accountId) {
        return ResponseEntity.of(views.localReader(accountId).account(accountId));
    }

    @GetMapping("/accounts/{accountId}/imports")
    List<ImportView> imports(@PathVariable String accountId) {
        return views.localReader(accountId).imports(accountId);
    }

    @GetMapping("/accounts/{accountId}/imports/{importId}")
    ResponseEntity<ImportView> importView(@PathVariable String accountId, @PathVariable String importId) {
        return ResponseEntity.of(views.localReader(accountId).importView(accountId, importId));
    }

    @GetMapping("/accounts/{accountId}/imports/{importId}/committed")
    ResponseEntity<ImportView> committedImportView(@PathVariable String accountId, @PathVariable String importId) {
        return ResponseEntity.of(views.localReader(accountId).committedImportView(accountId, importId));
    }

    @GetMapping("/accounts/{accountId}/imports/{importId}/error-page")
    List<RowError> errorPage(@PathVariable String accountId, @PathVariable String importId, @RequestParam int page,
            @RequestParam int size) {
        return views.localReader(accountId).errorPage(accountId, importId, Math.max(0, page), bounded(size));
    }

    @GetMapping("/accounts/{accountId}/imports/{importId}/users")
    List<CreatedUser> users(@PathVariable String accountId, @PathVariable String importId, @RequestParam int page,
            @RequestParam int size) {
        return views.localReader(accountId).users(accountId, importId, Math.max(0, page), bounded(size));
    }

    @GetMapping("/accounts/{accountId}/imports/{importId}/rows")
    List<StoredRow> rows(@PathVariable String accountId, @PathVariable String importId, @RequestParam int fromRow,
            @RequestParam int size) {
        return views.localReader(accountId).rows(accountId, importId, fromRow, bounded(size));
    }

    @GetMapping("/accounts/{accountId}/imports/{importId}/row-errors")
    List<ViewReader.RowErrorsOf> rowErrors(@PathVariable String accountId, @PathVariable String importId,
            @RequestParam int fromRow, @RequestParam int size) {
        return views.localReader(accountId).rowErrors(accountId, importId, fromRow, bounded(size));
    }

    private static int bounded(int size) {
        return Math.max(1, Math.min(MAX_PAGE, size));
    }
}
