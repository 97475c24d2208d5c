package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.Release;

/**
 * The gate sends a released import's rows on, and clears what it gathered, in bounded steps: the
 * first step at once, the next ones on the task's punctuation; so no transaction grows with the
 * import. Here a step is 3 rows (5,000 in the service).
 */
class ReleaseInStepsTest {

    private static final int STEP = 3;

    private ValidationDriver validation;
    private TestInputTopic<String, ImportSubmission> submissions;
    private TestOutputTopic<String, ImportGateDecided> gates;
    private TestOutputTopic<String, ProvisionUser> provisionRequests;

    @BeforeEach
    void start() throws Exception {
        validation = new ValidationDriver("validation-release-test", STEP);
        submissions = validation.input(Topics.IMPORT_SUBMISSIONS);
        gates = validation.output(Topics.IMPORT_GATES);
        provisionRequests = validation.output(Topics.PROVISION_REQUESTS);
    }

    @AfterEach
    void close() {
        validation.close();
    }

    @Test
    void shouldSendEveryRowOnceNamedExtensionsFirstAcrossStepsAndClearTheStoresAtTheEnd() {
        // Given 8 valid rows, rows 4 and 8 naming their extension
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, String> row = row("User " + i, "user" + i + "@demo.example");
            if (i == 2 || i == 6) {
                row.put(TemplateColumn.EXTENSION.header(), String.valueOf(120 + i));
            }
            rows.add(row);
        }

        // When they are gathered and the gate releases them
        submit("demo", "big", rows);

        // Then the gate is decided once, and the first step sends at most a step's worth at once
        assertThat(gates.readValuesToList()).extracting(ImportGateDecided::outcome).containsExactly(Outcome.RELEASED);
        List<Integer> sent = new ArrayList<>(provisionRequests.readValuesToList().stream().map(ProvisionUser::row).toList());
        assertThat(sent).hasSizeLessThanOrEqualTo(STEP).isNotEmpty();
        assertThat(store(ImportGatherer.RELEASES_STORE)).isNotEmpty();

        // and the next steps, on punctuation, send the rest: each row once, named extensions first
        // (8 rows and their claimed values, 3 a step: 3 passes over the rows, 1 over the values)
        for (int i = 0; i < 20; i++) {
            validation.driver.advanceWallClockTime(Duration.ofMillis(100));
            sent.addAll(provisionRequests.readValuesToList().stream().map(ProvisionUser::row).toList());
        }
        assertThat(sent).containsExactly(4, 8, 2, 3, 5, 6, 7, 9);

        // and nothing gathered is left: rows, claimed values, the release itself
        assertThat(store(ImportGatherer.ROWS_STORE)).isEmpty();
        assertThat(store(ImportGatherer.UNIQUE_VALUES_STORE)).isEmpty();
        assertThat(store(ImportGatherer.RELEASES_STORE)).isEmpty();
    }

    @Test
    void shouldSendARowsStepInTheDecisionsTransactionAndDeleteOnlyOnTheNextPunctuation() throws Exception {
        // Given a step larger than the file, and 5 valid rows all naming their extension
        try (ValidationDriver wide = new ValidationDriver("validation-release-wide-test", 100)) {
            var wideSubmissions = wide.input(Topics.IMPORT_SUBMISSIONS);
            var wideRequests = wide.output(Topics.PROVISION_REQUESTS);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Map<String, String> row = row("User " + i, "user" + i + "@demo.example");
                row.put(TemplateColumn.EXTENSION.header(), String.valueOf(130 + i));
                rows.add(row);
            }

            // When the gate releases them
            wideSubmissions.pipeInput("demo", new ImportSubmission.ImportRequested("wide", "demo", "demo-admin", "u.csv",
                    rows.size(), List.of(), ImportOptions.defaults(), List.of(), Instant.now()));
            for (int i = 0; i < rows.size(); i++) {
                wideSubmissions.pipeInput("demo", new ImportSubmission.RowSubmitted("wide", "demo", i + 2, rows.get(i)));
            }

            // Then every row is sent on at once, none is deleted yet, and the release skips the
            // pass of rows taking the lowest free extension (there is none) for the deletions
            assertThat(wideRequests.readValuesToList()).extracting(ProvisionUser::row).containsExactly(2, 3, 4, 5, 6);
            assertThat(keys(wide, ImportGatherer.ROWS_STORE)).hasSize(5);
            KeyValueStore<String, Release> releases = wide.driver.getKeyValueStore(ImportGatherer.RELEASES_STORE);
            assertThat(releases.get("wide").pass()).isEqualTo(Release.Pass.ALL_ROWS);

            // and the next punctuation deletes what was gathered, sending nothing more
            wide.driver.advanceWallClockTime(Duration.ofMillis(100));
            assertThat(wideRequests.readValuesToList()).isEmpty();
            assertThat(keys(wide, ImportGatherer.ROWS_STORE)).isEmpty();
            assertThat(keys(wide, ImportGatherer.UNIQUE_VALUES_STORE)).isEmpty();
            assertThat(keys(wide, ImportGatherer.RELEASES_STORE)).isEmpty();
        }
    }

    @Test
    void shouldClearAFailedImportInStepsWithoutSendingAnyRow() {
        // Given 7 rows, one failing (no licence type the account has)
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(row("User " + i, "user" + i + "@demo.example"));
        }
        rows.get(3).put(TemplateColumn.LICENCE_TYPE.header(), "Platinum");

        submit("demo", "failed", rows);
        for (int i = 0; i < 10; i++) {
            validation.driver.advanceWallClockTime(Duration.ofMillis(100));
        }

        assertThat(gates.readValuesToList()).extracting(ImportGateDecided::outcome).containsExactly(Outcome.VALIDATION_FAILED);
        assertThat(provisionRequests.readValuesToList()).isEmpty();
        assertThat(store(ImportGatherer.ROWS_STORE)).isEmpty();
        assertThat(store(ImportGatherer.UNIQUE_VALUES_STORE)).isEmpty();
        assertThat(store(ImportGatherer.RELEASES_STORE)).isEmpty();
    }

    private List<String> store(String name) {
        return keys(validation, name);
    }

    private static List<String> keys(ValidationDriver driver, String name) {
        KeyValueStore<String, Object> store = driver.driver.getKeyValueStore(name);
        List<String> keys = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private void submit(String account, String importId, List<Map<String, String>> rows) {
        submissions.pipeInput(account, new ImportSubmission.ImportRequested(importId, account, "demo-admin", "u.csv",
                rows.size(), List.of(), ImportOptions.defaults(), List.of(), Instant.now()));
        for (int i = 0; i < rows.size(); i++) {
            submissions.pipeInput(account, new ImportSubmission.RowSubmitted(importId, account, i + 2, rows.get(i)));
        }
    }

    private static Map<String, String> row(String displayName, String email) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TemplateColumn.DISPLAY_NAME.header(), displayName);
        values.put(TemplateColumn.EMAIL.header(), email);
        values.put(TemplateColumn.LICENCE_TYPE.header(), "Essentials");
        return values;
    }
}
