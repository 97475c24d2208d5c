package com.bulkimport.ingest.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.ImportGateDecided.LicenceShortfall;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What ingest knows of one import: its status, counts by row state, and what the administrator chose.
 * {@code errorCount} is how many row errors and not-created reasons the row errors store holds for
 * it (kept with each write there, so that the status answer reads only the page of errors it
 * shows); null in a view stored before it was counted, whose errors are then counted from the store.
 * {@code runningImportId} is the import that was running when the pipeline refused this one
 * ({@link ImportStatus#REJECTED_IMPORT_RUNNING}), null otherwise.
 */
public record ImportView(String importId, String accountId, ImportStatus status, int rowCount, Counts counts,
        List<LicenceShortfall> licenceShortfall, ImportOptions options, List<String> notes, String fileName,
        String requestedBy, Instant requestedAt, Instant updatedAt, Emails emails, Integer errorCount,
        String runningImportId) {

    /** Rows by state. */
    @Schema(description = "The import's rows by state.")
    public record Counts(@Schema(description = "Rows validation has passed.") int validated,
            @Schema(description = "Rows that failed validation.") int failed,
            @Schema(description = "Users created.") int created,
            @Schema(description = "Rows whose user could not be created (see their errors).") int notCreated,
            @Schema(description = "Rows skipped: the user existed and the import skips them.") int skipped) {
        public int provisioned() {
            return created + notCreated + skipped;
        }
    }

    /** Emails sent and failed for this import's users. */
    @Schema(description = "The emails of the import's users (temporary passwords, welcome emails).")
    public record Emails(@Schema(description = "Emails the mail server took.") int sent,
            @Schema(description = "Emails given up (an operator can have them sent again).") int failed) {
    }

    /**
     * The view as answered: a gate's outcome only once every row's validation result is counted.
     * The gate and the rows' results arrive on different topics, so the view may apply the gate
     * first (validation writes every row's result before its gate, in the same transaction); until
     * the rows catch up, the import is shown {@code VALIDATING}, so that a failed import is never
     * shown without its row errors. An import refused on arrival has no row results to wait for.
     */
    public ImportView shown() {
        boolean rowsBehind = rowCount > 0 && counts.validated() + counts.failed() < rowCount;
        if (!rowsBehind || status == ImportStatus.VALIDATING || status == ImportStatus.COMPLETED
                || status == ImportStatus.REJECTED_IMPORT_RUNNING) {
            return this;
        }
        return new ImportView(importId, accountId, ImportStatus.VALIDATING, rowCount, counts, List.of(), options, notes,
                fileName, requestedBy, requestedAt, updatedAt, emails, errorCount, runningImportId);
    }

    public static ImportView requested(ImportRequested r) {
        return new ImportView(r.importId(), r.accountId(), ImportStatus.VALIDATING, r.rowCount(),
                new Counts(0, 0, 0, 0, 0), List.of(), r.options(), r.notes(), r.fileName(), r.requestedBy(),
                r.requestedAt(), r.requestedAt(), new Emails(0, 0), 0, null);
    }

    /**
     * An import whose results arrived before its request (they come on other topics): counts are
     * kept, and the request fills in the rest when it arrives.
     */
    static ImportView placeholder(String accountId, String importId, Instant at) {
        return new ImportView(importId, accountId, ImportStatus.VALIDATING, 0, new Counts(0, 0, 0, 0, 0), List.of(),
                null, List.of(), null, null, at, at, new Emails(0, 0), 0, null);
    }

    /** The request applied to a placeholder: its facts, with the counts and status gathered so far. */
    ImportView withRequest(ImportRequested r) {
        // The request's notes first, then those the results have added before it.
        List<String> nextNotes = new ArrayList<>(r.notes() == null ? List.of() : r.notes());
        notes.stream().filter(n -> !nextNotes.contains(n)).forEach(nextNotes::add);
        return new ImportView(importId, accountId, status, r.rowCount(), counts, licenceShortfall, r.options(), nextNotes,
                r.fileName(), r.requestedBy(), r.requestedAt(), updatedAt, emails, errorCount, runningImportId)
                .with(status, counts, licenceShortfall, emails, nextNotes, updatedAt);
    }

    /**
     * The pipeline refused it on arrival: another import of the account, {@code runningImportId},
     * was running. Its rows are neither checked nor kept, and nothing else of it will come.
     */
    ImportView rejected(String runningImportId, Instant at) {
        return new ImportView(importId, accountId, ImportStatus.REJECTED_IMPORT_RUNNING, rowCount, counts, List.of(),
                options, notes, fileName, requestedBy, requestedAt, at, emails, errorCount, runningImportId);
    }

    /** Validating or creating users: the account's one import at a time (a refused or ended import is not). */
    public boolean active() {
        return status == ImportStatus.VALIDATING || status == ImportStatus.IN_PROGRESS;
    }

    ImportView with(ImportStatus nextStatus, Counts nextCounts, List<LicenceShortfall> shortfall, Emails nextEmails,
            List<String> nextNotes, Instant at) {
        // Once every row has a provisioning outcome, the import is complete, whatever arrives late.
        ImportStatus s = nextCounts.provisioned() >= rowCount && rowCount > 0 ? ImportStatus.COMPLETED : nextStatus;
        return new ImportView(importId, accountId, s, rowCount, nextCounts, shortfall, options, nextNotes, fileName,
                requestedBy, requestedAt, at, nextEmails, errorCount, runningImportId);
    }

    /** The view with {@code change} more errors stored (negative when a row's errors were replaced by fewer). */
    ImportView withErrorsAdded(int change) {
        if (errorCount == null || change == 0) {
            return this;
        }
        return new ImportView(importId, accountId, status, rowCount, counts, licenceShortfall, options, notes, fileName,
                requestedBy, requestedAt, updatedAt, emails, errorCount + change,
                runningImportId);
    }

    ImportView withNote(String note) {
        if (notes.contains(note)) {
            return this;
        }
        List<String> next = new ArrayList<>(notes);
        next.add(note);
        return new ImportView(importId, accountId, status, rowCount, counts, licenceShortfall, options, next, fileName,
                requestedBy, requestedAt, updatedAt, emails, errorCount, runningImportId);
    }
}
