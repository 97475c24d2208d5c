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
        for (int i = 0; i < 10; i++) {
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
        KeyValueStore<String, Object> store = validation.driver.getKeyValueStore(name);
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
