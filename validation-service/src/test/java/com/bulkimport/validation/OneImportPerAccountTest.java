package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.ImportProgress;
import com.bulkimport.validation.gate.RunningImport;

/**
 * One import per account at a time, decided by validation's gate (the authority: ingest's own
 * check is one instance's view). A second import of an account whose import is still validating
 * or being provisioned is refused when its request arrives, naming the running one; its rows are
 * dropped without a verdict or a trace in a store. The account is free again once the running
 * import's gate stops it, or once provisioning has reported every row of a released one.
 */
class OneImportPerAccountTest {

    private ValidationDriver validation;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ImportSubmission> submissions;
    private TestInputTopic<String, RowProvisioned> rowsProvisioned;
    private TestOutputTopic<String, RowValidated> validated;
    private TestOutputTopic<String, ImportGateDecided> gates;
    private TestOutputTopic<String, ProvisionUser> provisionRequests;

    @BeforeEach
    void startWithTheDemoFixture() throws Exception {
        validation = new ValidationDriver("validation-one-import-test");
        driver = validation.driver;
        submissions = validation.input(Topics.IMPORT_SUBMISSIONS);
        rowsProvisioned = validation.input(Topics.ROWS_PROVISIONED);
        validated = validation.output(Topics.ROWS_VALIDATED);
        gates = validation.output(Topics.IMPORT_GATES);
        provisionRequests = validation.output(Topics.PROVISION_REQUESTS);
    }

    @AfterEach
    void close() {
        validation.close();
    }

    @Test
    void shouldRefuseASecondImportWhileTheFirstIsValidatingAndValidateNoneOfItsRows() {
        // Given an import of three rows, two of them in
        request("demo", "first", ImportOptions.defaults(), 3);
        rows("demo", "first", 0, 2, "a");

        // When another import of the account arrives, its request and all its rows
        submit("demo", "second", ImportOptions.defaults(), 4, "b");

        // Then it is refused at once, naming the running import, and none of its rows is validated
        assertThat(gates.readValuesToList()).singleElement().satisfies(g -> {
            assertThat(g.importId()).isEqualTo("second");
            assertThat(g.outcome()).isEqualTo(Outcome.REJECTED_IMPORT_RUNNING);
            assertThat(g.runningImportId()).isEqualTo("first");
            assertThat(g.licenceShortfall()).isEmpty();
        });
        assertThat(validated.readValuesToList()).extracting(RowValidated::importId).containsOnly("first").hasSize(2);
        // and nothing of its rows is kept: the refused import is one decided entry, its rows none
        assertThat(rowKeys("second")).isEmpty();
        assertThat(imports().get("second").decided()).isTrue();

        // and the first goes on as if the second had never come
        rows("demo", "first", 2, 3, "a");
        assertThat(gates.readValuesToList()).singleElement().satisfies(g -> {
            assertThat(g.importId()).isEqualTo("first");
            assertThat(g.outcome()).isEqualTo(Outcome.RELEASED);
        });
        assertThat(provisionRequests.readValuesToList()).extracting(ProvisionUser::importId).containsOnly("first")
                .hasSize(3);
    }

    @Test
    void shouldRefuseAnImportWhileTheReleasedOneIsProvisionedAndAcceptTheNextOnceEveryRowHasItsOutcome() {
        // Given an import of three rows released to provisioning
        submit("demo", "first", ImportOptions.defaults(), 3, "a");
        assertThat(outcomes()).containsExactly("first:RELEASED");

        // When two rows are provisioned (one created, one not), another import is refused
        provisioned("demo", "first", 2, RowProvisioned.Outcome.CREATED);
        provisioned("demo", "first", 3, RowProvisioned.Outcome.NOT_CREATED);
        submit("demo", "second", ImportOptions.defaults(), 1, "b");
        assertThat(gates.readValuesToList()).singleElement().satisfies(g -> {
            assertThat(g.outcome()).isEqualTo(Outcome.REJECTED_IMPORT_RUNNING);
            assertThat(g.runningImportId()).isEqualTo("first");
        });
        assertThat(running().get("demo")).isEqualTo(new RunningImport("first", 3, true, 2));

        // and a row of another import of the account (the refused one's, or an older one's) is not counted
        provisioned("demo", "older", 4, RowProvisioned.Outcome.CREATED);
        assertThat(running().get("demo").provisioned()).isEqualTo(2);

        // Then once its last row has its outcome (skipped counts), the account is free: the next is accepted
        provisioned("demo", "first", 4, RowProvisioned.Outcome.SKIPPED);
        assertThat(running().get("demo")).isNull();
        submit("demo", "third", ImportOptions.defaults(), 2, "c");
        assertThat(outcomes()).containsExactly("third:RELEASED");
        assertThat(validated.readValuesToList()).extracting(RowValidated::importId).containsOnly("first", "third")
                .hasSize(5);
        // and the refused import's request seen again does not start it now
        submissions.pipeInput("demo", requested("demo", "second", ImportOptions.defaults(), 1));
        assertThat(gates.isEmpty()).isTrue();
    }

    @Test
    void shouldFreeTheAccountAtOnceWhenTheGateStopsTheImport() {
        // Given an import that fails validation (one bad email)
        request("demo", "failed", ImportOptions.defaults(), 2);
        submissions.pipeInput("demo", new ImportSubmission.RowSubmitted("failed", "demo", 2,
                row("Ann Lee", "not-an-email")));
        rows("demo", "failed", 1, 2, "a");
        assertThat(outcomes()).containsExactly("failed:VALIDATION_FAILED");

        // When the fixed file follows at once, validate-only
        submit("demo", "checked", new ImportOptions(true, false, null, null, true, false), 2, "a");

        // Then it is accepted; and so is the import after the validate-only one, at once too
        assertThat(outcomes()).containsExactly("checked:VALIDATED");
        submit("demo", "real", ImportOptions.defaults(), 2, "a");
        assertThat(outcomes()).containsExactly("real:RELEASED");
        assertThat(running().get("demo")).isEqualTo(new RunningImport("real", 2, true, 0));
    }

    @Test
    void shouldKeepEachAccountsImportApart() {
        // Given an import of demo running
        request("demo", "demo-1", ImportOptions.defaults(), 2);

        // When another account starts one
        submit("demo-small", "small-1", ImportOptions.defaults(), 1, "s");

        // Then it runs: the rule is per account
        assertThat(outcomes()).containsExactly("small-1:RELEASED");
    }

    @Test
    void shouldNotCountARowTwiceWhenTheRefusedImportHasTheSameRowNumbers() {
        // Given a released import of one row, and a refused import of the same account
        submit("demo", "first", ImportOptions.defaults(), 2, "a");
        submit("demo", "second", ImportOptions.defaults(), 2, "b");
        assertThat(outcomes()).containsExactly("first:RELEASED", "second:REJECTED_IMPORT_RUNNING");

        // When provisioning reports a row of each
        provisioned("demo", "first", 2, RowProvisioned.Outcome.CREATED);
        provisioned("demo", "second", 3, RowProvisioned.Outcome.CREATED);

        // Then the first still holds the account
        assertThat(running().get("demo")).isEqualTo(new RunningImport("first", 2, true, 1));
    }

    // ---------------------------------------------------------------------------------------------

    private List<String> outcomes() {
        return gates.readValuesToList().stream().map(g -> g.importId() + ":" + g.outcome()).toList();
    }

    private KeyValueStore<String, RunningImport> running() {
        return driver.getKeyValueStore(ImportGatherer.RUNNING_IMPORTS_STORE);
    }

    private KeyValueStore<String, ImportProgress> imports() {
        return driver.getKeyValueStore(ImportGatherer.IMPORTS_STORE);
    }

    private List<String> rowKeys(String importId) {
        List<String> keys = new ArrayList<>();
        KeyValueStore<String, Object> rows = driver.getKeyValueStore(ImportGatherer.ROWS_STORE);
        KeyValueStore<String, Object> unique = driver.getKeyValueStore(ImportGatherer.UNIQUE_VALUES_STORE);
        for (var store : List.of(rows, unique)) {
            try (var it = store.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.key.startsWith(importId + "|")) {
                        keys.add(kv.key);
                    }
                });
            }
        }
        return keys;
    }

    private void submit(String account, String importId, ImportOptions options, int rowCount, String prefix) {
        request(account, importId, options, rowCount);
        rows(account, importId, 0, rowCount, prefix);
    }

    private void request(String account, String importId, ImportOptions options, int rowCount) {
        submissions.pipeInput(account, requested(account, importId, options, rowCount));
    }

    private static ImportSubmission.ImportRequested requested(String account, String importId, ImportOptions options,
            int rowCount) {
        return new ImportSubmission.ImportRequested(importId, account, "demo-admin", "u.csv", rowCount, List.of(), options,
                List.of(), Instant.now());
    }

    /** Rows {@code from} to {@code to} (exclusive) of the file, each a valid user of its own. */
    private void rows(String account, String importId, int from, int to, String prefix) {
        String domain = account.equals("demo") ? "demo.example" : "small.example";
        for (int i = from; i < to; i++) {
            submissions.pipeInput(account, new ImportSubmission.RowSubmitted(importId, account, i + 2,
                    row("User " + prefix + i, prefix + i + "@" + domain)));
        }
    }

    private void provisioned(String account, String importId, int row, RowProvisioned.Outcome outcome) {
        rowsProvisioned.pipeInput(account, new RowProvisioned(importId, account, row, outcome, null, null, null, null, null,
                List.of(), null, List.of(), List.of()));
    }

    private static Map<String, String> row(String displayName, String email) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TemplateColumn.DISPLAY_NAME.header(), displayName);
        values.put(TemplateColumn.EMAIL.header(), email);
        values.put(TemplateColumn.LICENCE_TYPE.header(), "Essentials");
        return values;
    }
}
