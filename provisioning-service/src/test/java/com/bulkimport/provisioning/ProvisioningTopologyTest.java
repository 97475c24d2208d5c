package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ImportOptions;
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
        accountEvents = driver.createInputTopic(Topics.ACCOUNT_EVENTS.name(), key.serializer(), Topics.ACCOUNT_EVENTS.valueSerde());
        DemoFixture.load().accountEvents().forEach(e -> accountEvents.pipeInput(e.accountId(), e));
        commands = driver.createInputTopic(Topics.PROVISION_REQUESTS.name(), key.serializer(), Topics.PROVISION_REQUESTS.valueSerde());
        results = driver.createOutputTopic(Topics.ROWS_PROVISIONED.name(), key.deserializer(), Topics.ROWS_PROVISIONED.valueSerde());
        created = driver.createOutputTopic(Topics.USERS_CREATED.name(), key.deserializer(), Topics.USERS_CREATED.valueSerde());
        emails = driver.createOutputTopic(Topics.NOTIFICATION_REQUESTS.name(), key.deserializer(),
                Topics.NOTIFICATION_REQUESTS.valueSerde());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldCreateUsersWithTheLowestFreeExtensionsAndTheirNumbersOnce() {
        // Given the demo account, where 100 is a user's extension and 200 is reserved
        commands.pipeInput("demo", command("i1", 2, row("Ann Lee", "ann@demo.example", "+44 20 7946 0001"), ImportOptions.defaults()));
        commands.pipeInput("demo", command("i1", 3, row("Bob Ray", "bob@demo.example", ""), ImportOptions.defaults()));
        // When the first command is delivered again
        commands.pipeInput("demo", command("i1", 2, row("Ann Lee", "ann@demo.example", "+44 20 7946 0001"), ImportOptions.defaults()));

        // Then each row is created once, with 101 then 102, and the number in E.164
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
    }

    @Test
    void shouldSendASealedPasswordAndAWelcomeEmailOutsideSilentMode() {
        commands.pipeInput("demo", command("i2", 2, row("Ann Lee", "ann@demo.example", ""), ImportOptions.defaults()));

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
        commands.pipeInput("demo-small", new ProvisionUser("i3", "demo-small", 2, 1, "Essentials",
                row("Ann Lee", "ann@small.example", ""), options));

        assertThat(emails.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(NotificationRequested.Kind.TEMPORARY_PASSWORD);
            assertThat(r.to()).isEqualTo("it@small.example");
            assertThat(r.userEmail()).isEqualTo("ann@small.example");
        });
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
            assertThat(e.code()).isEqualTo("NUMBER_TAKEN");
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
        var deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        commands.pipeInput("demo", new ProvisionUser("i6", "demo", 2, 2, "Essentials", row("Ann", "ann@demo.example", ""), null));
        commands.pipeInput("demo", command("i6", 3, row("Bob", "bob@demo.example", ""), ImportOptions.defaults()));

        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r ->
                assertThat(new String(r.headers().lastHeader("__streams.errors.message").value())).contains("without import id"));
        assertThat(results.readValuesToList()).extracting(RowProvisioned::row).containsExactly(3);
    }

    private static ProvisionUser command(String importId, int row, Map<String, String> values, ImportOptions options) {
        return new ProvisionUser(importId, "demo", row, 2, "Essentials", values, options);
    }

    private static Map<String, String> row(String name, String email, String primary) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TemplateColumn.DISPLAY_NAME.header(), name);
        values.put(TemplateColumn.EMAIL.header(), email);
        if (!primary.isEmpty()) {
            values.put(TemplateColumn.PRIMARY_NUMBER.header(), primary);
        }
        return values;
    }
}
