package com.bulkimport.ingest.view;

import java.util.List;
import java.util.Optional;

import com.bulkimport.events.RowError;

/**
 * The reads of the import view, for one account's part of it: from this instance's stores
 * ({@link LocalView}) or from the instance that holds the account ({@link RemoteView}). Every read
 * is bounded by its page, except the account's list of imports (as it always was).
 */
interface ViewReader {

    Optional<AccountSummary> account(String accountId);

    /** The import as stored (not {@link ImportView#shown()}). */
    Optional<ImportView> importView(String accountId, String importId);

    /**
     * The import as stored, once the write that made it is committed (what the upload's 202 waits
     * for, {@link ImportViews#accepted}): empty before, though {@link #importView} has it already.
     */
    Optional<ImportView> committedImportView(String accountId, String importId);

    /** The account's imports as stored, in key order. */
    List<ImportView> imports(String accountId);

    /** One page of the import's row errors, counting each row's errors. */
    List<RowError> errorPage(String accountId, String importId, int page, int size);

    /** One page of the users created, in row order. */
    List<CreatedUser> users(String accountId, String importId, int page, int size);

    /** Up to {@code size} stored rows from row {@code fromRow} on, in row order. */
    List<StoredRow> rows(String accountId, String importId, int fromRow, int size);

    /** Up to {@code size} rows' errors from row {@code fromRow} on, in row order; each row's errors together. */
    List<RowErrorsOf> rowErrors(String accountId, String importId, int fromRow, int size);

    /** One row's errors, with its row (the cursor of the next page). */
    record RowErrorsOf(int row, List<RowError> errors) {
    }
}
