package com.bulkimport.validation.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.account.Account;
import com.bulkimport.pipeline.AccountStores;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.rules.RowRules;

/**
 * Checks each submitted row as it arrives against the {@link RowRules}, publishes its
 * {@link RowValidated} and keeps the user it asks for; when the import's last row is in, has the
 * {@link ImportGate} decide once, publishes the decision and, when released, one
 * {@link ProvisionUser} per row. A row or request seen again (redelivery) changes nothing; the
 * whole step commits with exactly-once.
 * <p>
 * One import per account at a time (SPEC, file checks) is decided here, not in ingest: ingest's
 * own check answers the administrator at once, but two ingest instances, or a view behind its
 * topics, can each accept an import of the same account. The account's running import is kept in
 * {@link #RUNNING_IMPORTS_STORE} from its request until its gate stops it, or, once released,
 * until {@link ProvisioningTracker} has counted every row provisioned. A request that arrives
 * while another import of its account runs is refused at once
 * ({@link Outcome#REJECTED_IMPORT_RUNNING}, naming the running import) and its rows are dropped
 * as they arrive: none is checked, kept or sent on. Refused, not queued: the administrator
 * decides whether the file is still wanted once the other import has ended.
 */
public class ImportGatherer implements Processor<String, ImportSubmission, String, Object> {

    /** Each import being gathered: its request and progress, keyed by import id. */
    public static final String IMPORTS_STORE = "validation-imports";
    /** Each gathered row, keyed {@code import|row}. */
    public static final String ROWS_STORE = "validation-import-rows";
    /**
     * The values that must be unique within an import (emails, numbers, extensions...), keyed
     * {@code import|kind|value}, each with the row that claimed it first: an index of the gathered
     * rows, without a changelog (five values a row were 10,000 of an import's 41,000 records, each
     * written and deleted), made again from {@link #ROWS_STORE} whenever the task starts.
     */
    public static final String UNIQUE_VALUES_STORE = "validation-import-unique-values";
    /** Each account's running import ({@link RunningImport}), keyed by account id; none when the account is free. */
    public static final String RUNNING_IMPORTS_STORE = "validation-running-imports";
    /** Each decided import whose rows are still being sent on or cleared ({@link Release}), keyed by import id. */
    public static final String RELEASES_STORE = "validation-releases";
    /**
     * Rows (or claimed values) one step of a release reads: what bounds a transaction whatever the
     * import's size (250,000 rows once made one transaction outlast the 10 s transaction timeout).
     */
    public static final int STEP_ROWS = 5_000;
    /** How often the releases still going on take their next step. */
    public static final Duration STEP_EVERY = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(ImportGatherer.class);

    private final RowRules rules;
    private final int stepRows;
    private ProcessorContext<String, Object> context;
    private AccountStores accounts;
    private KeyValueStore<String, String> users;
    /** Read and written for every row: kept as objects (the topology's {@code storeKeptAsObjects}). */
    private KeyValueStore<String, ImportProgress> imports;
    private KeyValueStore<String, GatheredRow> rows;
    private KeyValueStore<String, String> uniqueValues;
    private KeyValueStore<String, RunningImport> running;
    private KeyValueStore<String, Release> releases;

    public ImportGatherer(RowRules rules) {
        this(rules, STEP_ROWS);
    }

    /** With another step size (tests: a release in several steps without a file of 5,000 rows). */
    public ImportGatherer(RowRules rules, int stepRows) {
        this.rules = rules;
        this.stepRows = stepRows;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        accounts = AccountStores.of(context, AccountViewUpdater.ACCOUNT_STORES);
        users = context.getStateStore(AccountViewUpdater.USERS_STORE);
        imports = context.getStateStore(IMPORTS_STORE);
        rows = context.getStateStore(ROWS_STORE);
        uniqueValues = context.getStateStore(UNIQUE_VALUES_STORE);
        running = context.getStateStore(RUNNING_IMPORTS_STORE);
        releases = context.getStateStore(RELEASES_STORE);
        rebuildClaimedValues();
        context.schedule(STEP_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> continueReleases(context.currentStreamTimeMs()));
    }

    /**
     * Makes {@link #UNIQUE_VALUES_STORE} again from the gathered rows, as at this task's committed
     * state: what the local store held (a clean stop, another instance's older copy, a transaction
     * that was aborted) is cleared first. Rows are read in their file's order, so the row that
     * claimed a value first is the one kept, as when they arrived.
     */
    private void rebuildClaimedValues() {
        int cleared = 0;
        List<String> stale;
        do {
            stale = new ArrayList<>();
            try (var it = uniqueValues.all()) {
                while (it.hasNext() && stale.size() < stepRows) {
                    stale.add(it.next().key);
                }
            }
            stale.forEach(uniqueValues::delete);
            cleared += stale.size();
        } while (!stale.isEmpty());
        int rebuilt = 0;
        try (var it = rows.all()) {
            while (it.hasNext()) {
                GatheredRow row = it.next().value;
                for (String key : row.claimed()) {
                    if (uniqueValues.putIfAbsent(key, Integer.toString(row.row())) == null) {
                        rebuilt++;
                    }
                }
            }
        }
        if (cleared > 0 || rebuilt > 0) {
            log.info("Task {}: claimed values made again from the gathered rows: {} cleared, {} rebuilt",
                    context.taskId(), cleared, rebuilt);
        }
    }

    @Override
    public void process(Record<String, ImportSubmission> record) {
        // A submission missing what it needs fails here, before anything is written: it is dead-lettered.
        if (record.value().importId() == null || !record.key().equals(record.value().accountId())) {
            throw new IllegalArgumentException("Submission without import id, or keyed by another account");
        }
        if (record.value() instanceof ImportRequested request) {
            if (request.options() == null || request.rowCount() < 1) {
                throw new IllegalArgumentException("ImportRequested without options or rows: " + request.importId());
            }
            if (imports.get(request.importId()) == null) {
                start(record, request);
            }
        } else if (record.value() instanceof RowSubmitted row) {
            checkRow(record, row);
        }
    }

    private void start(Record<String, ImportSubmission> record, ImportRequested request) {
        RunningImport other = running.get(request.accountId());
        if (other != null && !other.importId().equals(request.importId())) {
            // Kept as decided, so that its rows, and the request seen again, are dropped.
            imports.put(request.importId(), ImportProgress.refused(request, other.importId()));
            context.forward(record.withValue(ImportGateDecided.rejectedImportRunning(request.importId(),
                    request.accountId(), other.importId())), "import-gates");
            context.commit(); // the administrator waits for this answer, as for a gate's decision
            log.info("Import {} of account {}: {} (import {} is still running)", request.importId(),
                    request.accountId(), Outcome.REJECTED_IMPORT_RUNNING, other.importId());
            return;
        }
        // Settings apply to the imports that start after them: silent mode is taken now.
        Account account = accounts.account(request.accountId());
        imports.put(request.importId(), ImportProgress.start(request, account.silentMode()));
        running.put(request.accountId(), RunningImport.started(request.importId(), request.rowCount()));
    }

    private void checkRow(Record<String, ImportSubmission> record, RowSubmitted row) {
        ImportProgress progress = imports.get(row.importId());
        String rowKey = StoreKey.of(row.importId(), StoreKey.row(row.row()));
        if (progress != null && progress.refusedFor() != null) {
            return; // a refused import's rows: dropped, as its gate said
        }
        if (progress == null || progress.decided() || rows.get(rowKey) != null) {
            log.warn("Ignoring row {} of import {}: request unknown, gate decided or row seen already",
                    row.row(), row.importId());
            return;
        }
        ImportRequested request = progress.request();
        Account account = accounts.account(row.accountId());
        StoreRowContext ctx = new StoreRowContext(row, request.options(), account, accounts, users, uniqueValues);

        // Every rule runs; an account the pipeline does not know fails every row.
        // An existing user under skip-existing will be skipped by provisioning: only its email is
        // checked, and it needs no licence.
        boolean skipped = request.options().skipExisting() && ctx.isExistingUser(ctx.value(TemplateColumn.EMAIL));
        List<RowError> errors = !account.known()
                ? List.of(RowError.of(row.row(), TemplateColumn.EMAIL, ctx.value(TemplateColumn.EMAIL),
                        ErrorCode.ACCOUNT_UNKNOWN, "Account '" + row.accountId() + "' is not known to the pipeline."))
                : skipped ? rules.checkExistingUserRow(ctx) : rules.check(ctx);
        boolean valid = errors.isEmpty();
        String licenceType = valid ? RowRules.licenceTypeOf(ctx) : null;
        boolean needsLicence = !skipped;
        // the user is kept only for the release: a validate-only import is never released
        boolean mayBeReleased = valid && !request.options().validateOnly();
        rows.put(rowKey, new GatheredRow(row.row(), mayBeReleased ? ctx.newUser() : null, licenceType, ctx.claimed()));
        context.forward(record.withValue(new RowValidated(row.importId(), row.accountId(), row.row(), errors)),
                "rows-validated");

        progress = progress.withRow(valid, licenceType, needsLicence);
        imports.put(row.importId(), progress);
        if (progress.complete()) {
            decide(record, progress, account);
        }
    }

    private void decide(Record<String, ImportSubmission> record, ImportProgress progress, Account account) {
        ImportRequested request = progress.request();
        ImportGate.Decision decision = ImportGate.decide(progress, account);
        Outcome outcome = decision.outcome();
        context.forward(record.withValue(new ImportGateDecided(request.importId(), request.accountId(), outcome,
                decision.shortfall())), "import-gates");

        ImportProgress decided = progress.decidedNow();
        imports.put(request.importId(), decided);
        // A stopped import frees its account at once; a released one when its rows are provisioned.
        RunningImport current = running.get(request.accountId());
        if (current != null && current.importId().equals(request.importId())) {
            if (outcome == Outcome.RELEASED) {
                running.put(request.accountId(), current.releasedNow());
            } else {
                running.delete(request.accountId());
            }
        }
        log.info("Import {} of account {}: {} ({} rows, {} failed)", request.importId(), request.accountId(), outcome,
                request.rowCount(), progress.failed());
        // The rows are sent on (when released), then the gathered rows and claimed values deleted:
        // a released import's rows are sent here, as far as one step goes (a 1,000-row import: all
        // of them); the rest, and every deletion, on the punctuator. So the decision's transaction
        // holds only what provisioning (or the administrator, for validate-only) waits for, and its
        // commit is asked for now, not when the task is next idle.
        Release first = Release.of(request.importId(), outcome == Outcome.RELEASED);
        if (first.provision()) {
            release(first, decided, record.timestamp(), true);
        } else {
            releases.put(first.importId(), first);
        }
        context.commit();
    }

    /** One step of every release still going on in this task (few: the imports just decided). */
    private void continueReleases(long timestamp) {
        List<Release> going = new ArrayList<>();
        try (var it = releases.all()) {
            it.forEachRemaining(kv -> going.add(kv.value));
        }
        for (Release r : going) {
            release(r, imports.get(r.importId()), timestamp, false);
        }
    }

    /**
     * Goes on with a release for at most {@link #stepRows} rows or values: rows that name their
     * extension are sent on first, so that a row given the lowest free extension never takes one
     * that a later row of the same file asked for; then the others (a pass skipped when the first
     * one found none); then every row is deleted, then the file's claimed values. {@code sendOnly}
     * (the decision's own step) stops before the deletions: they go on the next punctuation, so
     * that the decision's transaction holds only what provisioning waits for. Keeps where it
     * stopped in {@link #RELEASES_STORE}.
     */
    private void release(Release start, ImportProgress progress, long timestamp, boolean sendOnly) {
        String prefix = start.importId();
        Release r = start;
        int budget = stepRows;
        while (budget > 0) {
            Release.Pass pass = r.pass();
            KeyValueStore<String, ?> store = pass == Release.Pass.CLAIMED_VALUES ? uniqueValues : rows;
            int others = 0;
            List<String> done = new ArrayList<>();
            boolean passOver = true;
            try (var it = store.range(r.after() == null ? StoreKey.of(prefix, "") : r.after() + '\u0000',
                    StoreKey.prefixEnd(prefix))) {
                while (it.hasNext()) {
                    if (budget == 0) {
                        passOver = false;
                        break;
                    }
                    var kv = it.next();
                    budget--;
                    done.add(kv.key);
                    if (!pass.deletes() && r.provision() && kv.value instanceof GatheredRow row && row.user() != null) {
                        boolean firstPass = pass == Release.Pass.ROWS_NAMING_THEIR_EXTENSION;
                        if (row.namesExtension() == firstPass) {
                            provision(progress, row, timestamp);
                        } else if (firstPass) {
                            others++; // one for the second pass
                        }
                    }
                }
            }
            if (pass.deletes()) {
                // put of null deletes too, without reading the value back as delete does
                done.forEach(key -> store.put(key, null));
            }
            if (!passOver) {
                releases.put(r.importId(), r.at(done.get(done.size() - 1), others));
                return;
            }
            if (pass == Release.Pass.CLAIMED_VALUES) {
                releases.delete(r.importId());
                return;
            }
            r = r.next(others);
            if (sendOnly && r.pass().deletes()) {
                break;
            }
        }
        releases.put(r.importId(), r);
    }

    private void provision(ImportProgress progress, GatheredRow r, long timestamp) {
        ImportRequested request = progress.request();
        context.forward(new Record<>(request.accountId(), (Object) new ProvisionUser(request.importId(), request.accountId(), r.row(),
                r.licenceType(), r.user(), request.options(), progress.silentMode()), timestamp),
                "provision-requests");
    }
}
