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

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.validation.gate.GatheredRow;
import com.bulkimport.validation.gate.ImportGatherer;

class ValidationTopologyTest {

    private ValidationDriver validation;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ImportSubmission> submissions;
    private TestInputTopic<String, UserCreated> usersCreated;
    private TestInputTopic<String, AccountEvent> accountEvents;
    private TestOutputTopic<String, RowValidated> validated;
    private TestOutputTopic<String, ImportGateDecided> gates;
    private TestOutputTopic<String, ProvisionUser> provisionRequests;

    @BeforeEach
    void startWithTheDemoFixture() throws Exception {
        validation = new ValidationDriver("validation-test");
        driver = validation.driver;
        submissions = validation.input(Topics.IMPORT_SUBMISSIONS);
        usersCreated = validation.input(Topics.USERS_CREATED);
        accountEvents = validation.input(Topics.ACCOUNT_EVENTS);
        validated = validation.output(Topics.ROWS_VALIDATED);
        gates = validation.output(Topics.IMPORT_GATES);
        provisionRequests = validation.output(Topics.PROVISION_REQUESTS);
    }

    @AfterEach
    void close() {
        validation.close();
    }

    @Test
    void shouldReleaseAnImportWhoseRowsAllPass() {
        // Given three valid rows for the demo account
        submit("demo", "i1", ImportOptions.defaults(),
                row("Ann Lee", "ann@demo.example", "Essentials"),
                row("Bob Ray", "bob@demo.example", "advanced"),
                row("Cy Fox", "cy@demo.example", "Bridge"));

        // Then each row passes, the gate releases the import once, and each row goes to provisioning
        assertThat(validated.readValuesToList()).hasSize(3).allMatch(RowValidated::valid);
        assertThat(gates.readValuesToList()).singleElement()
                .satisfies(g -> assertThat(g.outcome()).isEqualTo(Outcome.RELEASED));
        List<ProvisionUser> commands = provisionRequests.readValuesToList();
        assertThat(commands).extracting(ProvisionUser::row).containsExactly(2, 3, 4);
        assertThat(commands).extracting(ProvisionUser::licenceType).containsExactly("Essentials", "Advanced", "Bridge");
    }

    @Test
    void shouldFailTheImportNamingRowAndColumnWhenAnEmailIsBad() {
        submit("demo", "i2", ImportOptions.defaults(),
                row("Ann Lee", "ann@demo.example", "Essentials"),
                row("Bob Ray", "not-an-email", "Essentials"),
                row("Cy Fox", "ANN@demo.example", "Essentials"),
                row("Dee", "existing.user@demo.example", "Essentials"),
                row("", "eve@demo.example", "Essentails"));

        List<RowValidated> rows = validated.readValuesToList();
        assertThat(rows).hasSize(5);
        assertThat(rows).filteredOn(r -> !r.valid()).hasSize(4);
        assertThat(rows.get(1).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(TemplateColumn.EMAIL.header());
            assertThat(e.value()).isEqualTo("not-an-email");
            assertThat(e.code()).isEqualTo(ErrorCode.EMAIL_INVALID);
        });
        assertThat(rows.get(2).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("row 2").contains("ANN@demo.example"));
        assertThat(rows.get(3).errors()).extracting(e -> e.code()).containsExactly(ErrorCode.EMAIL_EXISTS);
        assertThat(rows.get(4).errors()).extracting(e -> e.code()).containsExactly(ErrorCode.REQUIRED, ErrorCode.LICENCE_TYPE_UNKNOWN);
        assertThat(rows.get(4).errors().get(1).suggestion()).isEqualTo("Essentials");
        assertThat(gates.readValuesToList()).singleElement()
                .satisfies(g -> assertThat(g.outcome()).isEqualTo(Outcome.VALIDATION_FAILED));
        assertThat(provisionRequests.isEmpty()).isTrue();
    }

    @Test
    void shouldStopAnImportThatNeedsMoreLicencesThanFree() {
        // demo-small has 5 Essentials licences; one more user created elsewhere leaves 4
        usersCreated.pipeInput("demo-small", new UserCreated(1, "demo-small", "u0", "zed@small.example", "Zed", null,
                null, null, null, "Essentials", "101", List.of(), null, null, true, null, null, null, null, null, "earlier", 2,
                Instant.now()));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(row("User " + i, "user" + i + "@small.example", ""));
        }
        submit("demo-small", "i3", ImportOptions.defaults(), rows.toArray(Map[]::new));

        assertThat(gates.readValuesToList()).singleElement().satisfies(g -> {
            assertThat(g.outcome()).isEqualTo(Outcome.NOT_ENOUGH_LICENSES);
            assertThat(g.licenceShortfall()).containsExactly(new ImportGateDecided.LicenceShortfall("Essentials", 5, 4));
        });
        assertThat(provisionRequests.isEmpty()).isTrue();
    }

    @Test
    void shouldEndAValidateOnlyImportAsValidatedAndDecideOnceWhenRowsAreRedelivered() {
        var options = new ImportOptions(true, false, null, null, true, false);
        submit("demo", "i4", options, row("Ann Lee", "ann@demo.example", "Essentials"));
        // a redelivered row changes nothing
        submissions.pipeInput("demo", new ImportSubmission.RowSubmitted("i4", "demo", 2,
                row("Ann Lee", "ann@demo.example", "Essentials")));

        assertThat(validated.readValuesToList()).hasSize(1);
        assertThat(gates.readValuesToList()).extracting(ImportGateDecided::outcome).containsExactly(Outcome.VALIDATED);
        assertThat(provisionRequests.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheUserOfAGatheredRowOnlyForAnImportThatMayBeReleased() {
        // Given two imports of two rows (of two accounts: one import at a time each), one of them
        // validate-only, each with its first row in and its gate not decided yet
        var validateOnly = new ImportOptions(true, false, null, null, true, false);
        Map<String, String> accountOf = Map.of("kept", "demo", "checked-only", "demo-small");
        for (String importId : List.of("kept", "checked-only")) {
            String account = accountOf.get(importId);
            submissions.pipeInput(account, new ImportSubmission.ImportRequested(importId, account, "an-admin", "u.csv", 2,
                    List.of(), importId.equals("kept") ? ImportOptions.defaults() : validateOnly, List.of(), Instant.now()));
            submissions.pipeInput(account, new ImportSubmission.RowSubmitted(importId, account, 2,
                    row("Ann Lee", importId + "@demo.example", "Essentials")));
        }

        // Then both rows passed, and only the one that may be provisioned keeps its user
        assertThat(validated.readValuesToList()).hasSize(2).allMatch(RowValidated::valid);
        KeyValueStore<String, GatheredRow> rows = driver.getKeyValueStore(ImportGatherer.ROWS_STORE);
        assertThat(rows.get(StoreKey.of("kept", StoreKey.row(2))).user().email()).isEqualTo("kept@demo.example");
        GatheredRow checkedOnly = rows.get(StoreKey.of("checked-only", StoreKey.row(2)));
        assertThat(checkedOnly.user()).isNull();
        assertThat(checkedOnly.licenceType()).isEqualTo("Essentials");
        assertThat(checkedOnly.claimed()).isNotEmpty();
    }

    @Test
    void shouldCarryTheSilentModeOfWhenTheImportStartedToProvisioning() {
        // Given an import of the silent demo-small account that has started
        submissions.pipeInput("demo-small", new ImportSubmission.ImportRequested("i5", "demo-small", "small-admin", "u.csv",
                1, List.of(), ImportOptions.defaults(), List.of(), Instant.now()));
        // When silent mode is turned off during the import
        accountEvents.pipeInput("demo-small", new AccountEvent.SettingsChanged("demo-small", "Demo Small Business", false,
                false, java.util.Set.of(com.bulkimport.events.BundleService.CONNECT), 3, 6));
        submissions.pipeInput("demo-small", new ImportSubmission.RowSubmitted("i5", "demo-small", 2,
                row("Ann Lee", "ann@small.example", "")));

        // Then the import goes on in silent mode; the next one will not
        assertThat(provisionRequests.readValuesToList()).singleElement()
                .satisfies(c -> assertThat(c.silentMode()).isTrue());
    }

    @Test
    void shouldLetTheOriginalFileThroughAgainWhenExistingUsersAreSkipped() {
        // Given a user created by an earlier import, with its number and extension
        usersCreated.pipeInput("demo", new UserCreated(1, "demo", "u1", "ann@demo.example", "Ann", null, null, null, null,
                "Essentials", "300", List.of("+442079460001"), null, null, true, null, null, null, null, null, "earlier", 2,
                Instant.now()));
        Map<String, String> same = row("Ann Lee", "ann@demo.example", "Essentials");
        same.put(TemplateColumn.PRIMARY_NUMBER.header(), "+44 20 7946 0001");
        same.put(TemplateColumn.EXTENSION.header(), "300");

        // When the same row is uploaded again, skipping existing users
        submit("demo", "i6", new ImportOptions(true, false, null, null, false, true), same);

        // Then it passes (provisioning will report it skipped) and needs no licence
        assertThat(validated.readValuesToList()).singleElement().satisfies(v -> assertThat(v.errors()).isEmpty());
        assertThat(gates.readValuesToList()).extracting(ImportGateDecided::outcome).containsExactly(Outcome.RELEASED);
    }

    @Test
    void shouldSendRowsThatNameTheirExtensionBeforeRowsThatTakeTheLowestFree() {
        Map<String, String> named = row("Bob Ray", "bob@demo.example", "Essentials");
        named.put(TemplateColumn.EXTENSION.header(), "101");
        submit("demo", "i7", ImportOptions.defaults(), row("Ann Lee", "ann@demo.example", "Essentials"), named);

        assertThat(provisionRequests.readValuesToList()).extracting(ProvisionUser::row).containsExactly(3, 2);
    }

    @Test
    void shouldSendProvisioningTheRowReadOnceTypedAndNormalised() {
        // Given a full Bridge row, written the way administrators write it
        Map<String, String> full = row("Ann Lee", "ann@demo.example", "bridge");
        full.put(TemplateColumn.FIRST_NAME.header(), " Ann ");
        full.put(TemplateColumn.PRIMARY_NUMBER.header(), "+44 20 7946 0001");
        full.put(TemplateColumn.ADDITIONAL_NUMBERS.header(), "44 20 7946 0002; +44 808 157 0001");
        full.put(TemplateColumn.VOICE_LOCATION.header(), "london office");
        full.put(TemplateColumn.CLOUD_EXTENSION.header(), "4001");
        full.put(TemplateColumn.SIP_TIE_TRUNK.header(), "pbx-trunk-1");
        full.put(TemplateColumn.CALLER_ID.header(), "+44 20 7946 0001");
        full.put(TemplateColumn.CALL_TIMEOUT.header(), "20");
        full.put(TemplateColumn.VOICEMAIL_PIN.header(), "1234");
        full.put(TemplateColumn.AUTO_DELETE_VOICEMAIL.header(), "30");
        full.put(TemplateColumn.VOICEMAIL_TRANSCRIPTION.header(), "yes");
        full.put(TemplateColumn.VOICEMAIL_EMAIL.header(), "ann@demo.example; team@demo.example");

        // When it is validated and released
        submit("demo", "i8", ImportOptions.defaults(), full);

        // Then provisioning gets it typed: numbers in E.164, names in the account's spelling
        assertThat(provisionRequests.readValuesToList()).singleElement().satisfies(c -> {
            assertThat(c.licenceType()).isEqualTo("Bridge");
            assertThat(c.user()).isEqualTo(new NewUser("ann@demo.example", "Ann Lee", "Ann", null, null, null,
                    "+442079460001", List.of("+442079460002", "+448081570001"), null, "London Office", "4001",
                    "PBX-Trunk-1", null, "+44 20 7946 0001", 20, new NewUser.Voicemail("1234", null, 30, true,
                            List.of("ann@demo.example", "team@demo.example"), null)));
        });
    }

    @SafeVarargs
    private void submit(String account, String importId, ImportOptions options, Map<String, String>... rows) {
        submissions.pipeInput(account, new ImportSubmission.ImportRequested(importId, account, "demo-admin", "u.csv",
                rows.length, List.of(), options, List.of(), Instant.now()));
        for (int i = 0; i < rows.length; i++) {
            submissions.pipeInput(account, new ImportSubmission.RowSubmitted(importId, account, i + 2, rows[i]));
        }
    }

    private static Map<String, String> row(String displayName, String email, String licence) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TemplateColumn.DISPLAY_NAME.header(), displayName);
        values.put(TemplateColumn.EMAIL.header(), email);
        values.put(TemplateColumn.LICENCE_TYPE.header(), licence);
        return values;
    }
}
