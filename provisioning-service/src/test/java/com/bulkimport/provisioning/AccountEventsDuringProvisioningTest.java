package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowProvisioned.Outcome;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * Account events that arrive after validation passed a row and before provisioning takes it
 * (issue 12, "Races"): provisioning checks again what validation saw. For each kind of event that
 * can take what a row asks for, the row is not created with a reason that names the column and
 * the value taken, nothing is given twice, and the other rows are created.
 */
class AccountEventsDuringProvisioningTest {

    private static final ImportOptions OPTIONS = new ImportOptions(true, false, PasswordDelivery.NONE, null, false,
            false);
    private TopologyTestDriver driver;
    private TestInputTopic<String, AccountEvent> accountEvents;
    private TestInputTopic<String, ProvisionUser> commands;
    private TestOutputTopic<String, RowProvisioned> results;
    private TestOutputTopic<String, UserCreated> created;

    @BeforeEach
    void startWithTheDemoFixture() throws Exception {
        var props = StreamsRunner.settings("provisioning-races-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("provisioning-races").toString(), 100L));
        driver = new TopologyTestDriver(ProvisioningTopology.build(new PasswordSealer(PasswordSealer.newKey()),
                StoreKind.IN_MEMORY), props);
        var key = Serdes.String();
        accountEvents = driver.createInputTopic(Topics.ACCOUNT_EVENTS.name(), key.serializer(),
                Topics.ACCOUNT_EVENTS.valueSerde().serializer());
        DemoFixture.load().accountEvents().forEach(e -> accountEvents.pipeInput(e.accountId(), e));
        commands = driver.createInputTopic(Topics.PROVISION_REQUESTS.name(), key.serializer(),
                Topics.PROVISION_REQUESTS.valueSerde().serializer());
        results = driver.createOutputTopic(Topics.ROWS_PROVISIONED.name(), key.deserializer(),
                Topics.ROWS_PROVISIONED.valueSerde().deserializer());
        created = driver.createOutputTopic(Topics.USERS_CREATED.name(), key.deserializer(),
                Topics.USERS_CREATED.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldNotGiveAPrimaryNumberAssignedElsewhereAndSaySo() {
        // Given a released row asking for a parked number, which is then assigned outside the pipeline
        accountEvents.pipeInput("demo", new AccountEvent.NumberAssigned("demo", "+442079460301", "x@demo.example"));

        // When the row and another are provisioned
        provision(2, user("ann@demo.example", "+442079460301"));
        provision(3, user("bob@demo.example", "+442079460302"));

        // Then the row is not created, naming the column and the number, and the other is
        assertNotCreated(2, TemplateColumn.PRIMARY_NUMBER, "+442079460301", ErrorCode.NUMBER_TAKEN,
                "Number +442079460301", "given to another user");
        assertCreatedOnly("bob@demo.example");
    }

    @Test
    void shouldNotGiveAnAdditionalNumberAssignedElsewhereNorItsPrimary() {
        accountEvents.pipeInput("demo", new AccountEvent.NumberAssigned("demo", "+442079460312", "x@demo.example"));

        provision(2, withAdditional(user("ann@demo.example", "+442079460311"), "+442079460312"));
        // the primary number the refused row did not get stays parked: another user may have it
        provision(3, user("bob@demo.example", "+442079460311"));

        assertNotCreated(2, TemplateColumn.ADDITIONAL_NUMBERS, "+442079460312", ErrorCode.NUMBER_TAKEN,
                "Number +442079460312", "given to another user");
        assertCreatedOnly("bob@demo.example");
        assertThat(created.readValuesToList()).isEmpty();
    }

    @Test
    void shouldNotGiveANumberReleasedFromTheInventory() {
        accountEvents.pipeInput("demo", new AccountEvent.NumberReleased("demo", "+442079460321"));

        provision(2, user("ann@demo.example", "+442079460321"));
        provision(3, user("bob@demo.example", "+442079460322"));

        assertNotCreated(2, TemplateColumn.PRIMARY_NUMBER, "+442079460321", ErrorCode.NUMBER_TAKEN,
                "Number +442079460321", "left the inventory");
        assertCreatedOnly("bob@demo.example");
    }

    @Test
    void shouldNotGiveANumberOfAUserRegisteredElsewhere() {
        accountEvents.pipeInput("demo", new AccountEvent.UserRegistered("demo", "zed@demo.example", "777",
                List.of("+442079460331"), "Essentials"));

        provision(2, user("ann@demo.example", "+442079460331"));

        assertNotCreated(2, TemplateColumn.PRIMARY_NUMBER, "+442079460331", ErrorCode.NUMBER_TAKEN,
                "Number +442079460331", "given to another user");
        assertThat(created.readValuesToList()).isEmpty();
    }

    @Test
    void shouldNotGiveANamedExtensionReservedSinceValidation() {
        accountEvents.pipeInput("demo", new AccountEvent.ExtensionReserved("demo", "4100", "Hunt group Sales"));

        provision(2, withExtension(user("ann@demo.example", null), "4100"));
        provision(3, user("bob@demo.example", null));

        assertNotCreated(2, TemplateColumn.EXTENSION, "4100", ErrorCode.EXTENSION_IN_USE, "Extension 4100", "taken");
        assertCreatedOnly("bob@demo.example");
    }

    @Test
    void shouldNotGiveANamedExtensionOfAUserRegisteredElsewhere() {
        accountEvents.pipeInput("demo", new AccountEvent.UserRegistered("demo", "zed@demo.example", "4200", List.of(),
                "Essentials"));

        provision(2, withExtension(user("ann@demo.example", null), "4200"));

        assertNotCreated(2, TemplateColumn.EXTENSION, "4200", ErrorCode.EXTENSION_IN_USE, "Extension 4200", "taken");
    }

    @Test
    void shouldNotGiveANamedExtensionOutsideANarrowedExtensionLength() {
        // Given extensions of 3 digits only, since validation passed a row naming 4300
        accountEvents.pipeInput("demo", new AccountEvent.SettingsChanged("demo", "Demo Company", true, false,
                Set.of(BundleService.CONNECT, BundleService.MEET, BundleService.SHARE), 3, 3));

        provision(2, withExtension(user("ann@demo.example", null), "4300"));
        provision(3, user("bob@demo.example", null));

        assertNotCreated(2, TemplateColumn.EXTENSION, "4300", ErrorCode.EXTENSION_INVALID, "Extension 4300",
                "3 to 3 digits");
        assertCreatedOnly("bob@demo.example");
    }

    @Test
    void shouldSkipAReservedExtensionWhenGivingTheLowestFreeOne() {
        // Given 101 reserved after validation, for rows that name no extension (100 is a user's, 200 reserved)
        accountEvents.pipeInput("demo", new AccountEvent.ExtensionReserved("demo", "101", "Auto attendant 2"));

        provision(2, user("ann@demo.example", null));
        provision(3, user("bob@demo.example", null));

        assertThat(results.readValuesToList()).extracting(RowProvisioned::extension).containsExactly("102", "103");
    }

    @Test
    void shouldNotCreateAUserWhoseEmailWasRegisteredElsewhere() {
        accountEvents.pipeInput("demo", new AccountEvent.UserRegistered("demo", "ann@demo.example", null, List.of(),
                "Essentials"));

        provision(2, user("ann@demo.example", "+442079460341"));
        provision(3, user("bob@demo.example", "+442079460341"));

        assertNotCreated(2, TemplateColumn.EMAIL, "ann@demo.example", ErrorCode.EMAIL_EXISTS, "ann@demo.example",
                "was created since");
        assertCreatedOnly("bob@demo.example");
    }

    @Test
    void shouldNotPutAUserInALocationRemovedSinceValidation() {
        // Given a row that names London Office, which is then removed (as "london office": any case)
        accountEvents.pipeInput("demo", new AccountEvent.LocationRemoved("demo", "london office"));

        provision(2, withLocation(user("ann@demo.example", "+442079460351"), "London Office"));
        provision(3, withLocation(user("bob@demo.example", "+442079460351"), "New York Office"));

        // Then it is not created, naming the location; nothing it asked for was taken
        assertNotCreated(2, TemplateColumn.VOICE_LOCATION, "London Office", ErrorCode.LOCATION_UNKNOWN,
                "'London Office'", "removed");
        assertCreatedOnly("bob@demo.example");
    }

    @Test
    void shouldGiveNoMoreLicencesThanALoweredTotal() {
        // Given demo-small (5 Essentials), two users created, then the total lowered to 3
        provisionSmall(2, "a@small.example");
        provisionSmall(3, "b@small.example");
        accountEvents.pipeInput("demo-small", new AccountEvent.LicenceChanged("demo-small", "Essentials", 3, 0));

        // When three more rows come
        provisionSmall(4, "c@small.example");
        provisionSmall(5, "d@small.example");
        provisionSmall(6, "e@small.example");

        // Then one more is created (3 in all) and the others are refused naming the licence type
        List<RowProvisioned> rows = results.readValuesToList();
        assertThat(rows).extracting(RowProvisioned::outcome).containsExactly(Outcome.CREATED, Outcome.CREATED,
                Outcome.CREATED, Outcome.NOT_CREATED, Outcome.NOT_CREATED);
        assertThat(rows.subList(3, 5)).allSatisfy(r -> assertThat(r.reasons()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LICENCE_TAKEN);
            assertThat(e.column()).isEqualTo(TemplateColumn.LICENCE_TYPE.header());
            assertThat(e.value()).isEqualTo("Essentials");
            assertThat(e.message()).contains("'Essentials'");
        }));
    }

    @Test
    void shouldCountLicencesUsedOutsideThePipelineOnTopOfItsOwn() {
        // Given demo-small (5 Essentials), two users created here, then 2 used outside the pipeline
        provisionSmall(2, "a@small.example");
        provisionSmall(3, "b@small.example");
        accountEvents.pipeInput("demo-small", new AccountEvent.LicenceChanged("demo-small", "Essentials", 5, 2));

        provisionSmall(4, "c@small.example");
        provisionSmall(5, "d@small.example");

        // Then 2 + 2 + 1 = 5: one more is created
        assertThat(results.readValuesToList()).extracting(RowProvisioned::outcome)
                .containsExactly(Outcome.CREATED, Outcome.CREATED, Outcome.CREATED, Outcome.NOT_CREATED);
    }

    @Test
    void shouldNeverGiveANumberOrExtensionTwiceWhateverTheEventsInterleave() {
        // Given rows asking for numbers and extensions, interleaved with events taking some of them
        provision(2, withExtension(user("r2@demo.example", "+442079460401"), "5001"));
        accountEvents.pipeInput("demo", new AccountEvent.NumberAssigned("demo", "+442079460401", "x@demo.example"));
        accountEvents.pipeInput("demo", new AccountEvent.NumberAssigned("demo", "+442079460402", "x@demo.example"));
        accountEvents.pipeInput("demo", new AccountEvent.ExtensionReserved("demo", "5003", "Hunt group"));
        provision(3, withExtension(user("r3@demo.example", "+442079460402"), "5002"));
        provision(4, withExtension(user("r4@demo.example", "+442079460403"), "5003"));
        provision(5, withExtension(user("r5@demo.example", "+442079460401"), "5005"));
        provision(6, withExtension(user("r6@demo.example", "+442079460406"), "5001"));

        List<RowProvisioned> rows = results.readValuesToList();
        assertThat(rows).extracting(r -> r.row() + " " + r.outcome()).containsExactly("2 CREATED", "3 NOT_CREATED",
                "4 NOT_CREATED", "5 NOT_CREATED", "6 NOT_CREATED");
        assertThat(rows).filteredOn(r -> r.outcome() == Outcome.NOT_CREATED)
                .allSatisfy(r -> assertThat(r.reasons()).singleElement()
                        .satisfies(e -> assertThat(e.message()).contains(e.value())));
        Set<String> taken = new HashSet<>();
        rows.stream().filter(r -> r.outcome() == Outcome.CREATED).forEach(r -> {
            assertThat(taken.add(r.extension())).isTrue();
            r.numbers().forEach(n -> assertThat(taken.add(n)).isTrue());
        });
    }

    private void provision(int row, NewUser user) {
        commands.pipeInput("demo", new ProvisionUser("races", "demo", row, "Essentials", user, OPTIONS));
    }

    private void provisionSmall(int row, String email) {
        commands.pipeInput("demo-small", new ProvisionUser("races-small", "demo-small", row, "Essentials",
                user(email, null), OPTIONS));
    }

    private void assertNotCreated(int row, TemplateColumn column, String value, ErrorCode code, String... names) {
        List<RowProvisioned> refused = results.readValuesToList().stream().filter(r -> r.row() == row).toList();
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.NOT_CREATED);
            assertThat(r.numbers()).isEmpty();
            assertThat(r.extension()).isNull();
            RowError reason = r.reasons().get(0);
            assertThat(r.reasons()).hasSize(1);
            assertThat(reason.row()).isEqualTo(row);
            assertThat(reason.column()).isEqualTo(column.header());
            assertThat(reason.value()).isEqualTo(value);
            assertThat(reason.code()).isEqualTo(code);
            assertThat(reason.message()).contains(names);
        });
    }

    private void assertCreatedOnly(String email) {
        assertThat(created.readValuesToList()).extracting(UserCreated::email).containsExactly(email);
    }

    private static NewUser user(String email, String primary) {
        return NewUser.of(email, "Race User", primary);
    }

    private static NewUser withAdditional(NewUser u, String number) {
        return new NewUser(u.email(), u.displayName(), null, null, null, null, u.primaryNumber(), List.of(number),
                u.extension(), u.location(), null, null, null, null, null, u.voicemail());
    }

    private static NewUser withExtension(NewUser u, String extension) {
        return new NewUser(u.email(), u.displayName(), null, null, null, null, u.primaryNumber(),
                u.additionalNumbers(), extension, u.location(), null, null, null, null, null, u.voicemail());
    }

    private static NewUser withLocation(NewUser u, String location) {
        return new NewUser(u.email(), u.displayName(), null, null, null, null, u.primaryNumber(),
                u.additionalNumbers(), u.extension(), location, null, null, null, null, null, u.voicemail());
    }
}
