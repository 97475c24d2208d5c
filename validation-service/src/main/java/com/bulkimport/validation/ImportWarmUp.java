package com.bulkimport.validation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.TopologyWarmUp;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.rules.RowRules;

/**
 * What validation is given to warm up on at start ({@link TopologyWarmUp}: its own topology, in
 * memory), so that the first import after a start does not pay for loading the rules' classes,
 * libphonenumber's metadata, Jackson's readers and writers, Kafka Streams' per-record code and the
 * JIT's first compilations (the first validate-only import after a start took 2-3 times a warm one).
 * A made-up on-premises account (every service, a Bridge licence and parked numbers for every row,
 * a location, a trunk) and an import of {@code rows} rows, every column filled, all valid: each row
 * is checked against the account's stores and gathered, the gate lets the import through and the
 * release sends each row on; then what provisioning answers for each (the user created, the row's
 * outcome), which the account's view and the import's tracker read. Then a validate-only import of
 * a few rows with errors (an unknown location), so that the error path is loaded too. No account's data is read or written.
 */
public final class ImportWarmUp {

    static final String ACCOUNT = "warm-up";
    static final String ERRORS_ACCOUNT = "warm-up-errors";
    static final int BROKEN_ROWS = 20;

    private ImportWarmUp() {
    }

    /** Validation's topology as the warm-up runs it: the standard rules, in-memory stores. */
    public static TopologyWarmUp open(PipelineProperties properties) {
        return TopologyWarmUp.open("validation-service", ValidationTopology.build(RowRules.standard(), StoreKind.IN_MEMORY),
                properties);
    }

    /** The warm-up at start: the made-up imports of {@code rows} rows through the topology, then closed. */
    public static void run(PipelineProperties properties, int rows) {
        try (TopologyWarmUp warmUp = open(properties)) {
            feed(warmUp, rows);
        }
    }

    /**
     * Pipes the accounts, the import of {@code rows} rows, provisioning's answers and the
     * validate-only import into {@code warmUp}; answers how many rows the gate released (and were answered).
     */
    public static int feed(TopologyWarmUp warmUp, int rows) {
        warmUp.account(ACCOUNT, rows + 1, numbers(0, rows));
        importOf(warmUp, ACCOUNT, rows, 0, false);
        // the gate, then the release's steps and its clean-up, on the gatherer's wall-clock punctuation
        for (int step = 0; step < 6; step++) {
            warmUp.advance(ImportGatherer.STEP_EVERY);
        }
        // what provisioning answers for each released row: the account's new user, and the row's outcome
        List<ProvisionUser> released = warmUp.output(Topics.PROVISION_REQUESTS);
        for (ProvisionUser created : released) {
            warmUp.pipe(Topics.USERS_CREATED, ACCOUNT, UserCreated.of(created, "u" + created.row(), created.licenceType(),
                    created.user().extension(), List.of(created.user().primaryNumber()), created.user().location(), true,
                    Instant.now()));
            warmUp.pipe(Topics.ROWS_PROVISIONED, ACCOUNT, new RowProvisioned(created.importId(), ACCOUNT, created.row(),
                    RowProvisioned.Outcome.CREATED, "u" + created.row(), created.user().email(),
                    created.user().displayName(), created.licenceType(), created.user().extension(),
                    List.of(created.user().primaryNumber()), created.user().location(), List.of(), List.of()));
        }
        // an account of its own: the first import runs until its rows are provisioned
        warmUp.account(ERRORS_ACCOUNT, BROKEN_ROWS + 1, numbers(rows, BROKEN_ROWS));
        importOf(warmUp, ERRORS_ACCOUNT, BROKEN_ROWS, rows, true);
        warmUp.advance(ImportGatherer.STEP_EVERY);
        return released.size();
    }

    /** An import of rows i (from {@code first}); {@code broken}: validate-only, every other row's location unknown. */
    private static void importOf(TopologyWarmUp warmUp, String accountId, int rows, int first, boolean broken) {
        ImportOptions options = new ImportOptions(true, false, PasswordDelivery.USER_EMAIL, null, broken, false);
        String importId = accountId;
        warmUp.pipe(Topics.IMPORT_SUBMISSIONS, accountId, new ImportRequested(importId, accountId, "warm-up", "warm-up.csv",
                rows, List.of(), options, List.of(), Instant.now()));
        for (int i = first; i < first + rows; i++) {
            Map<String, String> values = values(i);
            if (broken && i % 2 == 0) {
                values.put(TemplateColumn.VOICE_LOCATION.header(), "Main Compnay Address");
            }
            warmUp.pipe(Topics.IMPORT_SUBMISSIONS, accountId, new RowSubmitted(importId, accountId, i - first + 2, values));
        }
    }

    /** Rows i's primary numbers (from {@code first}) as the account keeps them (E.164). */
    private static List<String> numbers(int first, int rows) {
        return IntStream.range(first, first + rows).mapToObj(i -> primary(i).replaceAll("[^+0-9]", "")).toList();
    }

    private static String primary(int i) {
        return switch (i % 3) {
            case 0 -> "+1 312 200 " + String.format("%04d", i % 10000);
            case 1 -> "+44 20 7946 " + String.format("%04d", i % 1000);
            default -> "+33 1 42 68 " + String.format("%02d %02d", (i / 100) % 100, i % 100);
        };
    }

    /** Row i: every column filled; numbers of three countries in turn, written in different ways, each its own. */
    static Map<String, String> values(int i) {
        String primary = primary(i);
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
                case VOICE_LOCATION -> TopologyWarmUp.LOCATION;
                case CLOUD_EXTENSION -> String.valueOf(500000 + i);
                case SIP_TIE_TRUNK -> TopologyWarmUp.TRUNK;
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
}
