package com.bulkimport.ingest.view;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topics;
import com.bulkimport.ingest.view.ImportView.Counts;
import com.bulkimport.pipeline.CommittedWrites;
import com.bulkimport.pipeline.PipelineMeters;
import com.bulkimport.pipeline.PipelineTopology;
import com.bulkimport.pipeline.StoreKind;

/**
 * The import view. In: account events (settings, licence types), import submissions (the
 * request), rows validated, gates, rows provisioned and notification results, all keyed by account
 * id. It keeps, per account: its summary; per import: its {@link ImportView}; per row: its errors
 * or not-created reasons, and the user created. Stores are keyed {@code account|import[|row]}, so
 * an account's imports and an import's rows are range scans.
 */
public final class ImportViewTopology {

    public static final String ACCOUNTS_STORE = "ingest-accounts";
    public static final String IMPORTS_STORE = "ingest-imports";
    public static final String ROW_ERRORS_STORE = "ingest-row-errors";
    public static final String USERS_STORE = "ingest-created-users";
    public static final String ROWS_STORE = "ingest-rows";

    /** The row errors store's value: one row's errors, a list so that it stays one record per row. */
    public record RowErrors(List<RowError> errors) {
    }

    private ImportViewTopology() {
    }

    public static Topology build(StoreKind stores) {
        return new PipelineTopology(stores)
                .source("account-events", Topics.ACCOUNT_EVENTS)
                .source("submissions", Topics.IMPORT_SUBMISSIONS)
                .source("rows-validated", Topics.ROWS_VALIDATED)
                .source("import-gates", Topics.IMPORT_GATES)
                .source("rows-provisioned", Topics.ROWS_PROVISIONED)
                .source("notification-results", Topics.NOTIFICATION_RESULTS)
                .processor("import-view", ViewUpdater::new, "account-events", "submissions", "rows-validated",
                        "import-gates", "rows-provisioned", "notification-results")
                .store(ACCOUNTS_STORE, new JsonSerde<>(AccountSummary.class), "import-view")
                .storeKeptAsObjects(IMPORTS_STORE, new JsonSerde<>(ImportView.class), "import-view")
                .store(ROW_ERRORS_STORE, new JsonSerde<>(RowErrors.class), "import-view")
                // a created user, and a submitted row, is written once (a row not created or skipped
                // once more, with its outcome): the record cache would merge nothing, only add its work
                .storeWrittenOncePerKey(USERS_STORE, new JsonSerde<>(CreatedUser.class), "import-view")
                .storeWrittenOncePerKey(ROWS_STORE, new JsonSerde<>(StoredRow.class), "import-view")
                .build();
    }

    public static String importKey(String accountId, String importId) {
        return StoreKey.of(accountId, importId);
    }

    public static String rowKey(String accountId, String importId, int row) {
        return StoreKey.of(accountId, importId, StoreKey.row(row));
    }

    /** Applies each pipeline event to the view. */
    static final class ViewUpdater implements Processor<String, Object, Void, Void> {

        private KeyValueStore<String, AccountSummary> accounts;
        /** Read and written for almost every event: kept as objects (the topology's {@code storeKeptAsObjects}). */
        private KeyValueStore<String, ImportView> imports;
        private KeyValueStore<String, RowErrors> rowErrors;
        private KeyValueStore<String, CreatedUser> users;
        private KeyValueStore<String, StoredRow> rows;
        private PipelineMeters meters;
        private CommittedWrites committedWrites;
        private ProcessorContext<Void, Void> context;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            meters = PipelineMeters.of(context.appConfigs());
            committedWrites = CommittedWrites.of(context.appConfigs());
            committedWrites.forget(context.taskId().partition());
            accounts = context.getStateStore(ACCOUNTS_STORE);
            imports = context.getStateStore(IMPORTS_STORE);
            rowErrors = context.getStateStore(ROW_ERRORS_STORE);
            users = context.getStateStore(USERS_STORE);
            rows = context.getStateStore(ROWS_STORE);
        }

        @Override
        public void close() {
            committedWrites.forget(context.taskId().partition());
        }

        @Override
        public void process(Record<String, Object> record) {
            Object event = record.value();
            Instant at = Instant.ofEpochMilli(record.timestamp());
            if (event instanceof AccountEvent e) {
                applyAccountEvent(e);
            } else if (event instanceof ImportRequested r) {
                String key = importKey(r.accountId(), r.importId());
                ImportView known = imports.get(key);
                if (known == null) {
                    // Committed at once, not at the commit interval: the upload's 202 waits until the
                    // view has the import committed (ViewReader.committedImportView), so that an instance
                    // that takes the account over after a crash has it too (else a status call right
                    // after the 202 finds no import there). Marked before it is written: a reader that
                    // finds the import finds its mark too, never an import not yet marked.
                    committedWrites.written(context.taskId().partition(), key);
                    put(key, null, ImportView.requested(r));
                    context.commit();
                } else if (known.rowCount() == 0) {
                    put(key, known, known.withRequest(r));
                }
            } else if (event instanceof RowSubmitted r) {
                if (!refused(r.accountId(), r.importId())) {
                    rows.putIfAbsent(rowKey(r.accountId(), r.importId(), r.row()), new StoredRow(r.row(), r.values(), null));
                }
            } else if (event instanceof RowValidated v) {
                update(v.accountId(), v.importId(), view -> {
                    Counts c = view.counts();
                    int added = v.valid() ? 0 : putErrors(rowKey(v.accountId(), v.importId(), v.row()), v.errors());
                    return view.withErrorsAdded(added).with(view.status(), v.valid()
                            ? new Counts(c.validated() + 1, c.failed(), c.created(), c.notCreated(), c.skipped())
                            : new Counts(c.validated(), c.failed() + 1, c.created(), c.notCreated(), c.skipped()),
                            view.licenceShortfall(), view.emails(), view.notes(), at);
                });
            } else if (event instanceof ImportGateDecided g && g.outcome() == ImportGateDecided.Outcome.REJECTED_IMPORT_RUNNING) {
                applyRefusal(g, at);
            } else if (event instanceof ImportGateDecided g) {
                update(g.accountId(), g.importId(), view -> view.with(statusOf(g.outcome()), view.counts(),
                        g.licenceShortfall(), view.emails(), view.notes(), at));
            } else if (event instanceof RowProvisioned p) {
                applyProvisioned(p, at);
            } else if (event instanceof NotificationResult n) {
                update(n.accountId(), n.importId(), view -> view.with(view.status(), view.counts(), view.licenceShortfall(),
                        emailsAfter(view.emails(), n), view.notes(), at));
            }
        }

        private void applyProvisioned(RowProvisioned p, Instant at) {
            String rowKey = rowKey(p.accountId(), p.importId(), p.row());
            // a created row's outcome is its user, below (StoredRow): the row itself is not written again
            StoredRow stored = p.outcome() == RowProvisioned.Outcome.CREATED ? null : rows.get(rowKey);
            if (stored != null) {
                rows.put(rowKey, stored.withOutcome(p.outcome()));
            }
            switch (p.outcome()) {
                case CREATED -> users.put(rowKey, new CreatedUser(p.row(), p.email(), p.displayName(), p.licenceType(),
                        p.extension(), p.numbers(), p.location(), p.notes()));
                case NOT_CREATED -> {
                    // applied to the view's error count below
                }
                case SKIPPED -> {
                    // counted only
                }
            }
            int errorsAdded = p.outcome() == RowProvisioned.Outcome.NOT_CREATED ? putErrors(rowKey, p.reasons()) : 0;
            update(p.accountId(), p.importId(), before -> {
                ImportView view = before.withErrorsAdded(errorsAdded);
                Counts c = view.counts();
                Counts next = switch (p.outcome()) {
                    case CREATED -> new Counts(c.validated(), c.failed(), c.created() + 1, c.notCreated(), c.skipped());
                    case NOT_CREATED -> new Counts(c.validated(), c.failed(), c.created(), c.notCreated() + 1, c.skipped());
                    case SKIPPED -> new Counts(c.validated(), c.failed(), c.created(), c.notCreated(), c.skipped() + 1);
                };
                ImportView updated = view.with(view.status(), next, view.licenceShortfall(), view.emails(), view.notes(), at);
                if (p.outcome() == RowProvisioned.Outcome.CREATED && p.numbers().isEmpty()
                        && (view.options() == null || view.options().connect())) {
                    updated = updated.withNote("Users without a primary phone number were created without numbers; "
                            + "CONNECT is not activated for them.");
                }
                return updated;
            });
        }

        /**
         * An import the pipeline refused on arrival (another of its account was running): shown
         * with its final status and the running import (the status answer says why, naming it), and
         * its rows, stored as they came before the refusal, dropped: nothing will be exported of it.
         */
        private void applyRefusal(ImportGateDecided g, Instant at) {
            update(g.accountId(), g.importId(), view -> view.rejected(g.runningImportId(), at));
            String prefix = importKey(g.accountId(), g.importId());
            List<String> stored = new java.util.ArrayList<>();
            try (var it = rows.range(StoreKey.of(prefix, ""), StoreKey.prefixEnd(prefix))) {
                it.forEachRemaining(kv -> stored.add(kv.key));
            }
            stored.forEach(rows::delete);
        }

        /** Whether the pipeline refused this import: its rows that come after the refusal are not kept. */
        private boolean refused(String accountId, String importId) {
            ImportView view = imports.get(importKey(accountId, importId));
            return view != null && view.status() == ImportStatus.REJECTED_IMPORT_RUNNING;
        }

        /** Stores a row's errors; returns how many more the store holds for the import now. */
        private int putErrors(String rowKey, List<RowError> errors) {
            RowErrors before = rowErrors.get(rowKey);
            rowErrors.put(rowKey, new RowErrors(errors));
            return errors.size() - (before == null ? 0 : before.errors().size());
        }

        private void applyAccountEvent(AccountEvent e) {
            AccountSummary summary = accounts.get(e.accountId());
            if (summary == null) {
                summary = AccountSummary.unknown(e.accountId());
            }
            if (e instanceof AccountEvent.SettingsChanged s) {
                accounts.put(e.accountId(), new AccountSummary(e.accountId(), true, s.onPremisesIntegration(),
                        s.installedServices(), summary.licenceTypes()));
            } else if (e instanceof AccountEvent.LicenceChanged l) {
                accounts.put(e.accountId(), summary.withLicenceType(l.licenceType()));
            }
        }

        /** Applies a result to its import; a result that arrives before its request starts a placeholder. */
        private void update(String accountId, String importId, java.util.function.UnaryOperator<ImportView> change) {
            String key = importKey(accountId, importId);
            ImportView view = imports.get(key);
            put(key, view, change.apply(view != null ? view : ImportView.placeholder(accountId, importId, Instant.now())));
        }

        /** Stores an import's view; one that reaches another status is counted ({@link PipelineMeters#IMPORTS}). */
        private void put(String key, ImportView before, ImportView after) {
            imports.put(key, after);
            if (before == null || before.status() != after.status()) {
                meters.importReached(after.status());
            }
        }

        /**
         * The email counts after a result. An email sent again at an operator's request (after it
         * was given up, and counted failed) moves from failed to sent; one refused again stays failed.
         */
        private static ImportView.Emails emailsAfter(ImportView.Emails emails, NotificationResult n) {
            if (n.isResend()) {
                return n.sent() && emails.failed() > 0 ? new ImportView.Emails(emails.sent() + 1, emails.failed() - 1) : emails;
            }
            return n.sent() ? new ImportView.Emails(emails.sent() + 1, emails.failed())
                    : new ImportView.Emails(emails.sent(), emails.failed() + 1);
        }

        private static ImportStatus statusOf(ImportGateDecided.Outcome outcome) {
            return switch (outcome) {
                case VALIDATION_FAILED -> ImportStatus.VALIDATION_FAILED;
                case NOT_ENOUGH_LICENSES -> ImportStatus.NOT_ENOUGH_LICENSES;
                case VALIDATED -> ImportStatus.VALIDATED;
                case RELEASED -> ImportStatus.IN_PROGRESS;
                case REJECTED_IMPORT_RUNNING -> ImportStatus.REJECTED_IMPORT_RUNNING;
            };
        }
    }
}
