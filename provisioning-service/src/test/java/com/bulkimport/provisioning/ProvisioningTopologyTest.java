package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowProvisioned.Outcome;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.events.StoreKey;
import com.bulkimport.pipeline.StreamsRunner;

class ProvisioningTopologyTest {

    private final PasswordSealer sealer = new PasswordSealer(PasswordSealer.newKey());
    private TopologyTestDriver driver;
    private TestInputTopic<String, AccountEvent> accountEvents;
    private TestInputTopic<String, ProvisionUser> commands;
    private TestOutputTopic<String, RowProvisioned> results;
    private TestOutputTopic<String, UserCreated> created;
    private TestOutputTopic<String, NotificationRequested> emails;

    @BeforeEach
    void startWithTheDemoFixture() throws Exception {
        var props = StreamsRunner.settings("provisioning-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("provisioning-test").toString(), 100L));
        driver = new TopologyTestDriver(ProvisioningTopology.build(sealer, StoreKind.IN_MEMORY), props);
        var key = Serdes.String();
        accountEvents = driver.createInputTopic(Topics.ACCOUNT_EVENTS.name(), key.serializer(), Topics.ACCOUNT_EVENTS.valueSerde().serializer());
        DemoFixture.load().accountEvents().forEach(e -> accountEvents.pipeInput(e.accountId(), e));
        commands = driver.createInputTopic(Topics.PROVISION_REQUESTS.name(), key.serializer(), Topics.PROVISION_REQUESTS.valueSerde().serializer());
        results = driver.createOutputTopic(Topics.ROWS_PROVISIONED.name(), key.deserializer(), Topics.ROWS_PROVISIONED.valueSerde().deserializer());
        created = driver.createOutputTopic(Topics.USERS_CREATED.name(), key.deserializer(), Topics.USERS_CREATED.valueSerde().deserializer());
        emails = driver.createOutputTopic(Topics.NOTIFICATION_REQUESTS.name(), key.deserializer(),
                Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldCreateUsersWithTheLowestFreeExtensionsAndTheirNumbersOnce() {
        // Given the demo account, where 100 is a user's extension and 200 is reserved
        commands.pipeInput("demo", command("i1", 2, row("Ann Lee", "ann@demo.example", "+442079460001"), ImportOptions.defaults()));
        commands.pipeInput("demo", command("i1", 3, row("Bob Ray", "bob@demo.example", ""), ImportOptions.defaults()));
        // When the first command is delivered again
        commands.pipeInput("demo", command("i1", 2, row("Ann Lee", "ann@demo.example", "+442079460001"), ImportOptions.defaults()));

        // Then each row is created once, with 101 then 102, and its number
        List<RowProvisioned> rows = results.readValuesToList();
        assertThat(rows).extracting(RowProvisioned::outcome).containsExactly(Outcome.CREATED, Outcome.CREATED);
        assertThat(rows).extracting(RowProvisioned::extension).containsExactly("101", "102");
        assertThat(rows.get(0).numbers()).containsExactly("+442079460001");
        assertThat(rows.get(1).notes()).singleElement().asString().contains("without numbers");
        List<UserCreated> users = created.readValuesToList();
        assertThat(users).hasSize(2);
        assertThat(users.get(0).connectEnabled()).isTrue();
        assertThat(users.get(1).connectEnabled()).isFalse();
        assertThat(users.get(0).location()).isEqualTo("Main Company Address");
        // and the directory keeps each user with what it got
        KeyValueStore<String, DirectoryUser> directory = driver.getKeyValueStore(DirectoryUpdater.USERS_STORE);
        DirectoryUser ann = directory.get(StoreKey.user("demo", "ann@demo.example"));
        assertThat(ann.extension()).isEqualTo("101");
        assertThat(ann.numbers()).containsExactly("+442079460001");
        assertThat(ann.importId()).isEqualTo("i1");
    }

    @Test
    void shouldSendASealedPasswordAndAWelcomeEmailOutsideSilentMode() {
        commands.pipeInput("demo", command("i2", 2, row("Ann Lee", "ann@demo.example", "+442079460001"), ImportOptions.defaults()));

        List<NotificationRequested> requests = emails.readValuesToList();
        assertThat(requests).extracting(NotificationRequested::kind)
                .containsExactly(NotificationRequested.Kind.TEMPORARY_PASSWORD, NotificationRequested.Kind.WELCOME);
        NotificationRequested password = requests.get(0);
        assertThat(password.to()).isEqualTo("ann@demo.example");
        String clear = sealer.open(password.sealedPassword(), PasswordSealer.contextFor("i2", 2));
        assertThat(clear).hasSize(16);
        assertThat(password.toString()).doesNotContain(clear);
        assertThat(created.readValuesToList().toString()).doesNotContain(clear);
    }

    @Test
    void shouldSendOnlyThePasswordToTheSpecifiedAddressInSilentMode() {
        var options = new ImportOptions(true, false, PasswordDelivery.SPECIFIED_ADDRESS, "it@small.example", false, false);
        commands.pipeInput("demo-small", new ProvisionUser("i3", "demo-small", 2, "Essentials",
                row("Ann Lee", "ann@small.example", ""), options));

        assertThat(emails.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(NotificationRequested.Kind.TEMPORARY_PASSWORD);
            assertThat(r.to()).isEqualTo("it@small.example");
            assertThat(r.userEmail()).isEqualTo("ann@small.example");
        });
    }

    /**
     * SPEC flow step 8, as a table: the password email goes as the delivery option says (to the
     * user, to the specified address naming the user, or not at all), and the welcome email goes
     * to the user when CONNECT is activated for that user (CONNECT chosen and a primary number
     * given) and the account is not in silent mode, whatever the password option. Silent mode is
     * the account's setting when the row is provisioned.
     */
    @ParameterizedTest(name = "{0}, silent mode {1}, CONNECT {2}, primary number {3}: password to {4}, welcome {5}")
    @CsvSource(textBlock = """
            USER_EMAIL,        false, true,  true,  user,      true
            USER_EMAIL,        false, true,  false, user,      false
            USER_EMAIL,        false, false, true,  user,      false
            USER_EMAIL,        false, false, false, user,      false
            USER_EMAIL,        true,  true,  true,  user,      false
            USER_EMAIL,        true,  true,  false, user,      false
            USER_EMAIL,        true,  false, true,  user,      false
            USER_EMAIL,        true,  false, false, user,      false
            SPECIFIED_ADDRESS, false, true,  true,  help desk, true
            SPECIFIED_ADDRESS, false, true,  false, help desk, false
            SPECIFIED_ADDRESS, false, false, true,  help desk, false
            SPECIFIED_ADDRESS, false, false, false, help desk, false
            SPECIFIED_ADDRESS, true,  true,  true,  help desk, false
            SPECIFIED_ADDRESS, true,  true,  false, help desk, false
            SPECIFIED_ADDRESS, true,  false, true,  help desk, false
            SPECIFIED_ADDRESS, true,  false, false, help desk, false
            NONE,              false, true,  true,  nobody,    true
            NONE,              false, true,  false, nobody,    false
            NONE,              false, false, true,  nobody,    false
            NONE,              false, false, false, nobody,    false
            NONE,              true,  true,  true,  nobody,    false
            NONE,              true,  true,  false, nobody,    false
            NONE,              true,  false, true,  nobody,    false
            NONE,              true,  false, false, nobody,    false
            """)
    void shouldAskForThePasswordAndWelcomeEmailsThatTheOptionsSilentModeAndConnectCallFor(PasswordDelivery delivery,
            boolean silentMode, boolean connect, boolean primaryNumber, String passwordTo, boolean welcome) {
        // Given the demo account with silent mode on or off
        accountEvents.pipeInput("demo", new AccountEvent.SettingsChanged("demo", "Demo Company", true, silentMode,
                Set.of(BundleService.CONNECT, BundleService.MEET, BundleService.SHARE), 3, 6));
        String helpDesk = "help.desk@demo.example";
        var options = new ImportOptions(connect, false, delivery,
                delivery == PasswordDelivery.SPECIFIED_ADDRESS ? helpDesk : null, false, false);

        // When two users are created with these options, with or without a primary number
        commands.pipeInput("demo", command("t1", 2, row("Ann Lee", "ann@demo.example", primaryNumber ? "+442079460001" : ""),
                options));
        commands.pipeInput("demo", command("t1", 3, row("Bob Ray", "bob@demo.example", primaryNumber ? "+442079460002" : ""),
                options));
        assertThat(results.readValuesToList()).extracting(RowProvisioned::outcome).containsOnly(Outcome.CREATED);

        // Then exactly these emails are asked for: kind, recipient, whose
        List<NotificationRequested> requests = emails.readValuesToList();
        List<String> expected = new ArrayList<>();
        for (String user : List.of("ann@demo.example", "bob@demo.example")) {
            switch (passwordTo) {
                case "user" -> expected.add("TEMPORARY_PASSWORD to " + user + " for " + user);
                case "help desk" -> expected.add("TEMPORARY_PASSWORD to " + helpDesk + " for " + user);
                default -> {
                    // no password email
                }
            }
            if (welcome) {
                expected.add("WELCOME to " + user + " for " + user);
            }
        }
        assertThat(requests).extracting(r -> r.kind() + " to " + r.to() + " for " + r.userEmail())
                .containsExactlyInAnyOrderElementsOf(expected);

        // and each names its user and account, with the password sealed for that user's row only
        for (NotificationRequested r : requests) {
            assertThat(r.accountId()).isEqualTo("demo");
            assertThat(r.accountName()).isEqualTo("Demo Company");
            assertThat(r.displayName()).isEqualTo(r.userEmail().startsWith("ann") ? "Ann Lee" : "Bob Ray");
            if (r.kind() == NotificationRequested.Kind.TEMPORARY_PASSWORD) {
                assertThat(sealer.open(r.sealedPassword(), PasswordSealer.contextFor("t1", r.row()))).hasSize(16);
            } else {
                assertThat(r.sealedPassword()).isNull();
            }
        }
    }

    @Test
    void shouldNotCreateARowWhoseNumberWasTakenSinceValidationAndGoOnWithTheOthers() {
        // Given a number assigned elsewhere after validation saw it parked
        accountEvents.pipeInput("demo", new AccountEvent.NumberAssigned("demo", "+442079460005", "someone@demo.example"));

        commands.pipeInput("demo", command("i4", 2, row("Ann Lee", "ann@demo.example", "+442079460005"), ImportOptions.defaults()));
        commands.pipeInput("demo", command("i4", 3, row("Bob Ray", "bob@demo.example", "+442079460006"), ImportOptions.defaults()));

        List<RowProvisioned> rows = results.readValuesToList();
        assertThat(rows.get(0).outcome()).isEqualTo(Outcome.NOT_CREATED);
        assertThat(rows.get(0).reasons()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NUMBER_TAKEN);
            assertThat(e.column()).isEqualTo(TemplateColumn.PRIMARY_NUMBER.header());
        });
        assertThat(rows.get(1).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(rows.get(1).extension()).isEqualTo("101");
        assertThat(created.readValuesToList()).extracting(UserCreated::email).containsExactly("bob@demo.example");
    }

    @Test
    void shouldSkipAnExistingUserWhenAskedAndRefuseItOtherwise() {
        var skip = new ImportOptions(true, false, PasswordDelivery.NONE, null, false, true);
        commands.pipeInput("demo", command("i5", 2, row("Old", "existing.user@demo.example", ""), skip));
        commands.pipeInput("demo", command("i5", 3, row("Old", "EXISTING.user@demo.example", ""), ImportOptions.defaults()));

        assertThat(results.readValuesToList()).extracting(RowProvisioned::outcome)
                .containsExactly(Outcome.SKIPPED, Outcome.NOT_CREATED);
        assertThat(created.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterACommandItCannotProcessAndGoOnWithTheNext() {
        var deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
        commands.pipeInput("demo", new ProvisionUser("i6", "demo", 2, "Essentials", row("Ann", "ann@demo.example", ""), null));
        commands.pipeInput("demo", command("i6", 3, row("Bob", "bob@demo.example", ""), ImportOptions.defaults()));

        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r ->
                assertThat(new String(r.headers().lastHeader("__streams.errors.message").value())).contains("without import id"));
        assertThat(results.readValuesToList()).extracting(RowProvisioned::row).containsExactly(3);
    }

    private static ProvisionUser command(String importId, int row, NewUser values, ImportOptions options) {
        return new ProvisionUser(importId, "demo", row, "Essentials", values, options);
    }

    /** A row as validation sends it: the primary number (E.164) or none. */
    private static NewUser row(String name, String email, String primary) {
        return NewUser.of(email, name, primary.isEmpty() ? null : primary);
    }
}
