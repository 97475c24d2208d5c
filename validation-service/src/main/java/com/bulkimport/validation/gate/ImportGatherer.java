package com.bulkimport.validation.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportGateDecided.LicenceShortfall;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.validation.ValidationTopology;
import com.bulkimport.validation.account.AccountView;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.account.KnownNumber;
import com.bulkimport.validation.rules.RowContext;
import com.bulkimport.validation.rules.RowRules;

/**
 * Checks each submitted row as it arrives, publishes its {@link RowValidated}, and when the import's
 * last row is in decides the gate once: {@code VALIDATION_FAILED} if any row failed, else
 * {@code NOT_ENOUGH_LICENSES} if a licence type runs short, else {@code VALIDATED} for a
 * validate-only import, else {@code RELEASED} with one {@link ProvisionUser} per row. A row or
 * request seen again (redelivery) changes nothing; the whole step commits with exactly-once.
 */
public class ImportGatherer implements Processor<String, ImportSubmission, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(ImportGatherer.class);

    private final RowRules rules;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, AccountView> accounts;
    private KeyValueStore<String, String> users;
    private KeyValueStore<String, KnownNumber> numbers;
    private KeyValueStore<String, String> extensions;
    private KeyValueStore<String, ImportProgress> imports;
    private KeyValueStore<String, GatheredRow> rows;
    private KeyValueStore<String, String> uniqueValues;

    public ImportGatherer(RowRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        accounts = context.getStateStore(ValidationTopology.ACCOUNTS_STORE);
        users = context.getStateStore(ValidationTopology.USERS_STORE);
        numbers = context.getStateStore(ValidationTopology.NUMBERS_STORE);
        extensions = context.getStateStore(ValidationTopology.EXTENSIONS_STORE);
        imports = context.getStateStore(ValidationTopology.IMPORTS_STORE);
        rows = context.getStateStore(ValidationTopology.ROWS_STORE);
        uniqueValues = context.getStateStore(ValidationTopology.UNIQUE_VALUES_STORE);
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
                // Settings apply to the imports that start after them: silent mode is taken now.
                AccountView account = accounts.get(request.accountId());
                imports.put(request.importId(), ImportProgress.start(request, account != null && account.silentMode()));
            }
        } else if (record.value() instanceof RowSubmitted row) {
            checkRow(record, row);
        }
    }

    private void checkRow(Record<String, ImportSubmission> record, RowSubmitted row) {
        ImportProgress progress = imports.get(row.importId());
        String rowKey = StoreKey.of(row.importId(), StoreKey.row(row.row()));
        if (progress == null || progress.decided() || rows.get(rowKey) != null) {
            log.warn("Ignoring row {} of import {}: request unknown, gate decided or row seen already",
                    row.row(), row.importId());
            return;
        }
        ImportRequested request = progress.request();
        AccountView account = Optional.ofNullable(accounts.get(row.accountId()))
                .orElse(AccountView.unknown(row.accountId()));
        StoreRowContext ctx = new StoreRowContext(row, request.options(), account);

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
        rows.put(rowKey, new GatheredRow(row.row(), valid ? ctx.valuesForProvisioning() : Map.of(), licenceType));
        context.forward(record.withValue(new RowValidated(row.importId(), row.accountId(), row.row(), licenceType, errors)),
                "rows-validated");

        progress = progress.withRow(valid, licenceType, needsLicence);
        imports.put(row.importId(), progress);
        if (progress.complete()) {
            decide(record, progress, account);
        }
    }

    private void decide(Record<String, ImportSubmission> record, ImportProgress progress, AccountView account) {
        ImportRequested request = progress.request();
        List<LicenceShortfall> shortfall = new ArrayList<>();
        progress.licencesNeeded().forEach((type, needed) -> {
            int free = account.licence(type).map(AccountView.Licence::free).orElse(0);
            if (needed > free) {
                shortfall.add(new LicenceShortfall(type, needed, free));
            }
        });
        Outcome outcome;
        if (progress.failed() > 0) {
            outcome = Outcome.VALIDATION_FAILED;
        } else if (!shortfall.isEmpty()) {
            outcome = Outcome.NOT_ENOUGH_LICENSES;
        } else if (request.options().validateOnly()) {
            outcome = Outcome.VALIDATED;
        } else {
            outcome = Outcome.RELEASED;
        }
        context.forward(record.withValue(new ImportGateDecided(request.importId(), request.accountId(), outcome,
                request.rowCount(), progress.received() - progress.failed(), progress.failed(), shortfall)),
                "import-gates");

        String prefix = request.importId();
        List<String> done = new ArrayList<>();
        List<GatheredRow> automaticExtension = new ArrayList<>();
        try (var it = rows.range(StoreKey.of(prefix, ""), StoreKey.prefixEnd(prefix))) {
            it.forEachRemaining(kv -> {
                done.add(kv.key);
                GatheredRow r = kv.value;
                // Rows that name their extension go first, so that a row given the lowest free
                // extension never takes one that a later row of the same file asked for.
                if (r.values().getOrDefault(TemplateColumn.EXTENSION.header(), "").isBlank()) {
                    automaticExtension.add(r);
                } else if (outcome == Outcome.RELEASED) {
                    provision(record, progress, r);
                }
            });
        }
        if (outcome == Outcome.RELEASED) {
            automaticExtension.forEach(r -> provision(record, progress, r));
        }
        // The gate is decided: the gathered rows and the file's unique values are no longer needed.
        done.forEach(rows::delete);
        List<String> claims = new ArrayList<>();
        try (var it = uniqueValues.range(StoreKey.of(prefix, ""), StoreKey.prefixEnd(prefix))) {
            it.forEachRemaining(kv -> claims.add(kv.key));
        }
        claims.forEach(uniqueValues::delete);
        imports.put(request.importId(), progress.decidedNow());
        log.info("Import {} of account {}: {} ({} rows, {} failed)", request.importId(), request.accountId(), outcome,
                request.rowCount(), progress.failed());
    }

    private void provision(Record<String, ImportSubmission> record, ImportProgress progress, GatheredRow r) {
        ImportRequested request = progress.request();
        context.forward(record.withValue(new ProvisionUser(request.importId(), request.accountId(), r.row(),
                request.rowCount(), r.licenceType(), r.values(), request.options(), progress.silentMode())),
                "provision-requests");
    }

    /** The rules' view of one row, backed by this task's stores. */
    private final class StoreRowContext implements RowContext {
        private final RowSubmitted row;
        private final ImportOptions options;
        private final AccountView account;
        private final Map<String, String> normalised = new java.util.LinkedHashMap<>();

        StoreRowContext(RowSubmitted row, ImportOptions options, AccountView account) {
            this.row = row;
            this.options = options;
            this.account = account;
        }

        @Override
        public int row() {
            return row.row();
        }

        @Override
        public Map<String, String> values() {
            return row.values();
        }

        @Override
        public ImportOptions options() {
            return options;
        }

        @Override
        public AccountView account() {
            return account;
        }

        @Override
        public boolean isExistingUser(String email) {
            return !email.isBlank() && users.get(StoreKey.user(row.accountId(), email)) != null;
        }

        @Override
        public Optional<KnownNumber> knownNumber(String e164) {
            return Optional.ofNullable(numbers.get(AccountViewUpdater.key(row.accountId(), e164)));
        }

        @Override
        public Optional<String> extensionUsedBy(String extension) {
            return Optional.ofNullable(extensions.get(AccountViewUpdater.key(row.accountId(), extension)));
        }

        @Override
        public void normalise(TemplateColumn column, String value) {
            normalised.put(column.header(), value);
        }

        /** The row as provisioning needs it: numbers in E.164, names in the account's spelling. */
        Map<String, String> valuesForProvisioning() {
            Map<String, String> values = new java.util.LinkedHashMap<>(row.values());
            values.putAll(normalised);
            return values;
        }

        @Override
        public Optional<Integer> claimUnique(String kind, String normalised) {
            String key = StoreKey.of(row.importId(), kind, normalised);
            String first = uniqueValues.get(key);
            if (first != null) {
                return Optional.of(Integer.parseInt(first));
            }
            uniqueValues.put(key, Integer.toString(row.row()));
            return Optional.empty();
        }
    }
}
