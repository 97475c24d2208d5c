package com.bulkimport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.testing.Poison;
import com.bulkimport.testing.PoisonCases;
import com.bulkimport.testing.PoisonDriver;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.RunningImport;
import com.bulkimport.validation.rules.RowRules;

/**
 * Poison records on each topic validation reads: each goes to the dead-letter topic, as it was,
 * with the reason in its headers; it changes nothing, and the record after it is processed.
 */
class ValidationPoisonTest {

    @AutoClose
    private final PoisonDriver driver = PoisonDriver.start("validation-poison-test",
            ValidationTopology.build(RowRules.standard(), StoreKind.IN_MEMORY)).withDemoFixture();

    /** The topics validation reads (see {@link ValidationTopology}). */
    enum Input {
        ACCOUNT_EVENTS, USERS_CREATED, IMPORT_SUBMISSIONS, ROWS_PROVISIONED
    }

    @PoisonCases
    void shouldDeadLetterThePoisonWithItsReasonAndProcessTheNextRecord(Input input, Poison poison) {
        KeyValueStore<String, String> users = driver.store(AccountViewUpdater.USERS_STORE);
        switch (input) {
            case ACCOUNT_EVENTS -> {
                driver.deadLetterThenProcess(Topics.ACCOUNT_EVENTS, poison,
                        new AccountEvent.UserRegistered("demo", "poison@demo.example", "150", List.of(), null), "email",
                        new AccountEvent.UserRegistered("demo", "next@demo.example", "151", List.of(), null));
                assertThat(users.get(StoreKey.user("demo", "poison@demo.example"))).isNull();
                assertThat(users.get(StoreKey.user("demo", "next@demo.example"))).isNotNull();
            }
            case USERS_CREATED -> {
                driver.deadLetterThenProcess(Topics.USERS_CREATED, poison, userCreated("poison@demo.example", "150"),
                        "userId", userCreated("next@demo.example", "151"));
                assertThat(users.get(StoreKey.user("demo", "poison@demo.example"))).isNull();
                assertThat(users.get(StoreKey.user("demo", "next@demo.example"))).isNotNull();
            }
            case IMPORT_SUBMISSIONS -> {
                var validated = driver.output(Topics.ROWS_VALIDATED);
                var gates = driver.output(Topics.IMPORT_GATES);
                // Given an import of one row, asked for before the poison
                driver.input(Topics.IMPORT_SUBMISSIONS).pipeInput("demo", request("next-import"));
                driver.deadLetterThenProcess(Topics.IMPORT_SUBMISSIONS, poison, request("poison-import"), "importId",
                        new ImportSubmission.RowSubmitted("next-import", "demo", 2, row("Ann Lee", "ann@demo.example")));
                assertThat(validated.readValuesToList()).extracting(RowValidated::importId).containsExactly("next-import");
                assertThat(gates.readValuesToList()).singleElement().satisfies(g -> {
                    assertThat(g.importId()).isEqualTo("next-import");
                    assertThat(g.outcome()).isEqualTo(ImportGateDecided.Outcome.RELEASED);
                });
            }
            case ROWS_PROVISIONED -> {
                // Given an import of two rows released to provisioning: it holds the account
                driver.input(Topics.IMPORT_SUBMISSIONS).pipeInput("demo", request("running", 2));
                driver.input(Topics.IMPORT_SUBMISSIONS).pipeInput("demo",
                        new ImportSubmission.RowSubmitted("running", "demo", 2, row("Ann Lee", "ann@demo.example")));
                driver.input(Topics.IMPORT_SUBMISSIONS).pipeInput("demo",
                        new ImportSubmission.RowSubmitted("running", "demo", 3, row("Bob Ray", "bob@demo.example")));
                KeyValueStore<String, RunningImport> running = driver.store(ImportGatherer.RUNNING_IMPORTS_STORE);
                assertThat(running.get("demo")).isEqualTo(new RunningImport("running", 2, true, 0));
                // When a poison row outcome comes before a good one: only the good one is counted
                driver.deadLetterThenProcess(Topics.ROWS_PROVISIONED, poison, provisioned("running", 2), "importId",
                        provisioned("running", 3));
                assertThat(running.get("demo")).isEqualTo(new RunningImport("running", 2, true, 1));
            }
        }
    }

    private static ImportSubmission.ImportRequested request(String importId) {
        return request(importId, 1);
    }

    private static ImportSubmission.ImportRequested request(String importId, int rows) {
        return new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "u.csv", rows,
                List.of(TemplateColumn.DISPLAY_NAME.header(), TemplateColumn.EMAIL.header()), ImportOptions.defaults(),
                List.of(), Instant.now());
    }

    private static Map<String, String> row(String displayName, String email) {
        return Map.of(TemplateColumn.DISPLAY_NAME.header(), displayName, TemplateColumn.EMAIL.header(), email,
                TemplateColumn.LICENCE_TYPE.header(), "Essentials");
    }

    private static RowProvisioned provisioned(String importId, int row) {
        return new RowProvisioned(importId, "demo", row, RowProvisioned.Outcome.CREATED, "u-" + row, null, null, null, null,
                List.of(), null, List.of(), List.of());
    }

    private static UserCreated userCreated(String email, String extension) {
        return new UserCreated(UserCreated.SCHEMA_VERSION, "demo", "u-" + extension, email, "User", "U", "Ser", null, null,
                "Essentials", extension, List.of(), "Main Company Address", "UTC", false, null, null, null, null, null,
                "earlier-import", 2, Instant.now());
    }
}
