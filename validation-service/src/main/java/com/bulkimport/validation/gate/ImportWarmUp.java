package com.bulkimport.validation.gate;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.serialization.Serde;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountChange;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.validation.rules.RowRules;

/**
 * The gatherer's per-row work on a synthetic file, in memory, at start: so that the first import
 * after a start does not pay for loading the rules' classes, libphonenumber's metadata, Jackson's
 * readers and writers of the records and the JIT's first compilations (the first validate-only
 * import after a start took 2-3 times a warm one). It reads and writes no store and no topic, and
 * no account's data: the account, its numbers and the rows are made up here. Every tenth row is
 * broken (an unknown location), so that the error path is warm too.
 */
public final class ImportWarmUp {

    /** What a warm-up did: rows checked, and how many of them the rules failed. */
    public record Result(int rows, int failed) {
    }

    private static final String ACCOUNT = "warm-up";
    private static final String LOCATION = "Main Company Address";
    private static final String TRUNK = "Warm-Up-Trunk";
    private static final Serde<ImportSubmission> SUBMISSIONS = Topics.IMPORT_SUBMISSIONS.valueSerde();
    private static final Serde<RowValidated> RESULTS = Topics.ROWS_VALIDATED.valueSerde();
    private static final Serde<ProvisionUser> COMMANDS = Topics.PROVISION_REQUESTS.valueSerde();
    private static final JsonSerde<GatheredRow> GATHERED = new JsonSerde<>(GatheredRow.class);
    private static final JsonSerde<ImportProgress> PROGRESS = new JsonSerde<>(ImportProgress.class);
    private static final JsonSerde<Account> ACCOUNTS = new JsonSerde<>(Account.class);

    private ImportWarmUp() {
    }

    /** Checks {@code rows} synthetic rows (every column filled) as the gatherer would, in memory. */
    public static Result run(RowRules rules, int rows) {
        Account account = account(rows);
        ImportOptions options = new ImportOptions(true, false, PasswordDelivery.USER_EMAIL, null, false, false);
        ImportRequested request = new ImportRequested("warm-up", ACCOUNT, "warm-up", "warm-up.csv", rows,
                List.of(), options, List.of(), Instant.now());
        ImportProgress progress = roundTrip(PROGRESS, ImportProgress.start(request, false));
        Map<String, String> claims = new HashMap<>();
        int failed = 0;
        for (int i = 0; i < rows; i++) {
            RowSubmitted row = (RowSubmitted) roundTrip(SUBMISSIONS, new RowSubmitted("warm-up", ACCOUNT, i + 2, values(i)));
            Account seen = roundTrip(ACCOUNTS, account);
            SyntheticRow ctx = new SyntheticRow(row, options, seen, claims);
            List<RowError> errors = rules.check(ctx);
            boolean valid = errors.isEmpty();
            String licenceType = valid ? RowRules.licenceTypeOf(ctx) : null;
            GatheredRow gathered = roundTrip(GATHERED, new GatheredRow(row.row(),
                    valid ? ctx.newUser() : null, licenceType, ctx.claimed()));
            roundTrip(RESULTS, new RowValidated("warm-up", ACCOUNT, row.row(), errors));
            if (valid) {
                roundTrip(COMMANDS, new ProvisionUser("warm-up", ACCOUNT, row.row(), licenceType, gathered.user(), options,
                        false));
            } else {
                failed++;
            }
            progress = roundTrip(PROGRESS, progress.withRow(valid, licenceType, true));
        }
        return new Result(rows, failed);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("warm-up", serde.serializer().serialize("warm-up", value));
    }

    /** An on-premises account with every service, a Bridge licence per row, a location and a trunk. */
    private static Account account(int rows) {
        Account account = Account.unknown(ACCOUNT);
        for (AccountEvent event : List.of(
                new AccountEvent.SettingsChanged(ACCOUNT, "Warm-up", true, false, Set.of(BundleService.values()), 3, 6),
                new AccountEvent.LicenceChanged(ACCOUNT, "Bridge", rows + 1, 0),
                new AccountEvent.LocationCreated(ACCOUNT, LOCATION, true),
                new AccountEvent.TrunkCreated(ACCOUNT, TRUNK))) {
            account = AccountChange.apply(account, event, n -> Optional.empty()).account();
        }
        return account;
    }

    /** Row i: every column filled; numbers of three countries in turn, written in different ways. */
    static Map<String, String> values(int i) {
        String primary = switch (i % 3) {
            case 0 -> "+1 312 200 " + String.format("%04d", (2 * i) % 10000);
            case 1 -> "+44 20 7946 " + String.format("%04d", (2 * i) % 1000);
            default -> "+33 1 42 68 " + String.format("%02d %02d", (i / 100) % 100, (2 * i) % 100);
        };
        Map<String, String> v = new LinkedHashMap<>();
        for (TemplateColumn c : TemplateColumn.values()) {
            v.put(c.header(), switch (c) {
                case DISPLAY_NAME -> "Warm Up " + i;
                case EMAIL -> "user" + i + "@warm-up.example";
                case LICENCE_TYPE -> "Bridge";
                case FIRST_NAME -> "Warm";
                case LAST_NAME -> "Up" + i;
                case JOB_TITLE -> "Engineer";
                case DEPARTMENT -> "Sales";
                case PRIMARY_NUMBER -> primary;
                case ADDITIONAL_NUMBERS -> "";
                case EXTENSION -> String.valueOf(100000 + i);
                case VOICE_LOCATION -> i % 10 == 9 ? "Main Compnay Address" : LOCATION;
                case CLOUD_EXTENSION -> String.valueOf(500000 + i);
                case SIP_TIE_TRUNK -> TRUNK;
                case TIME_ZONE -> i % 2 == 0 ? "UTC+1" : "Europe/Paris";
                case CALLER_ID -> primary;
                case CALL_TIMEOUT -> "20";
                case VOICEMAIL_PIN -> String.valueOf(100000 + (i * 7919L) % 900000);
                case VOICEMAIL_OPERATOR -> "100";
                case AUTO_DELETE_VOICEMAIL -> "30";
                case VOICEMAIL_TRANSCRIPTION -> "yes";
                case VOICEMAIL_EMAIL -> "voicemail" + i + "@warm-up.example";
                case SMS_ON_VOICEMAIL -> "+1 (212) 555-0150";
            });
        }
        return v;
    }

    /** The rules' view of a synthetic row: every number parked, no extension or user taken, the file's claims in a map. */
    private static final class SyntheticRow extends RowContextBase {

        private final Map<String, String> claims;

        SyntheticRow(RowSubmitted row, ImportOptions options, Account account, Map<String, String> claims) {
            super(row, options, account);
            this.claims = claims;
        }

        @Override
        public boolean isExistingUser(String email) {
            return false;
        }

        @Override
        public Optional<AccountNumber> knownNumber(String e164) {
            return Optional.of(new AccountNumber(e164, false, null));
        }

        @Override
        public Optional<String> extensionUsedBy(String extension) {
            return Optional.empty();
        }

        @Override
        protected String claimIfFirst(String key, String row) {
            return claims.putIfAbsent(key, row);
        }
    }
}
