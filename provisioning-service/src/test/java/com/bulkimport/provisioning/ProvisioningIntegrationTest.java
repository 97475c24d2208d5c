package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowProvisioned.Outcome;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.events.account.Account;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.events.StoreKey;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;

/**
 * The provisioning service as it runs: its Spring application and Kafka Streams topology
 * ({@code exactly_once_v2}, persistent stores) against a real embedded KRaft broker, read back as
 * ingest, downstream systems and notification read it ({@code read_committed}).
 */
@SpringBootTest(classes = ProvisioningApplication.class, properties = {
        ProvisioningApplication.CONFIG, "server.port=0", "bulkimport.kafka.partitions=3" })
@EmbeddedPipelineKafka
class ProvisioningIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KEY = PasswordSealer.newKey();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("provisioning-it").toString();
        registry.add("bulkimport.kafka.state-dir", () -> dir);
        registry.add("bulkimport.password-key", () -> KEY);
    }

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private StreamsRunner provisioningStreams;

    private KafkaTestSupport kafka;

    @BeforeEach
    void loadTheDemoAccountsOnce() {
        kafka = new KafkaTestSupport(broker.getBrokersAsString());
        KafkaTestSupport.await("Kafka Streams RUNNING", Duration.ofSeconds(60), provisioningStreams::isQueryable);
        if (!fixtureApplied()) {
            TopicProvisioner.ensureTopics(broker.getBrokersAsString(), 3, (short) 1);
            FixtureLoader.publish(broker.getBrokersAsString(), DemoFixture.load());
            KafkaTestSupport.await("the demo fixture applied", TIMEOUT, this::fixtureApplied);
        }
    }

    @Test
    void shouldCreateTwoUsersWithTheLowestFreeExtensionsAndSealTheirPasswordsForNotificationAlone() {
        // Given the demo account, where extension 100 is an existing user's and 200 is reserved,
        // and two released rows, the first with a parked number
        String importId = "it-" + UUID.randomUUID();
        List<ProvisionUser> commands = List.of(
                command(importId, 2, "Ann Lee", "ann.lee@demo.example", "+442079460010"),
                command(importId, 3, "Bob Ray", "bob.ray@demo.example", "+442079460011"));

        // When validation sends their commands
        kafka.sendInOneTransaction(Topics.PROVISION_REQUESTS, commands, ProvisionUser::accountId);

        // Then both rows are created, with 101 and 102, the first with its number
        List<RowProvisioned> rows = values(kafka.readCommitted(Topics.ROWS_PROVISIONED,
                r -> importId.equals(r.value().importId()), found -> found.size() >= 2, TIMEOUT));
        assertThat(rows).extracting(RowProvisioned::row).containsExactly(2, 3);
        assertThat(rows).extracting(RowProvisioned::outcome).containsOnly(Outcome.CREATED);
        assertThat(rows).extracting(RowProvisioned::extension).containsExactly("101", "102");
        assertThat(rows.get(0).numbers()).containsExactly("+442079460010");

        // and the public event tells the world, keyed by account
        List<ConsumerRecord<String, UserCreated>> created = kafka.readCommitted(Topics.USERS_CREATED,
                r -> importId.equals(r.value().importId()), found -> found.size() >= 2, TIMEOUT);
        assertThat(created).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("demo"));
        assertThat(values(created)).extracting(UserCreated::extension).containsExactly("101", "102");
        assertThat(values(created)).extracting(UserCreated::email)
                .containsExactly("ann.lee@demo.example", "bob.ray@demo.example");

        // and each user gets a password email (sealed for notification) and a welcome email
        List<NotificationRequested> emails = values(kafka.readCommitted(Topics.NOTIFICATION_REQUESTS,
                r -> importId.equals(r.value().importId()), found -> found.size() >= 4, TIMEOUT));
        assertThat(emails).extracting(NotificationRequested::kind)
                .containsExactlyInAnyOrder(Kind.TEMPORARY_PASSWORD, Kind.WELCOME, Kind.TEMPORARY_PASSWORD, Kind.WELCOME);
        PasswordSealer sealer = new PasswordSealer(KEY);
        List<String> passwords = new ArrayList<>();
        for (NotificationRequested e : emails) {
            if (e.kind() == Kind.TEMPORARY_PASSWORD) {
                assertThat(e.to()).isEqualTo(e.userEmail());
                String password = sealer.open(e.sealedPassword(), PasswordSealer.contextFor(e.importId(), e.row()));
                assertThat(password).hasSize(16);
                passwords.add(password);
            } else {
                assertThat(e.sealedPassword()).isNull();
            }
        }
        assertThat(passwords).hasSize(2).doesNotHaveDuplicates();

        // and no clear password is in any record of the topics it wrote, aborted transactions included
        for (String topic : List.of(Topics.USERS_CREATED.name(), Topics.ROWS_PROVISIONED.name(),
                Topics.NOTIFICATION_REQUESTS.name())) {
            int expected = topic.equals(Topics.NOTIFICATION_REQUESTS.name()) ? 4 : 2;
            List<ConsumerRecord<byte[], byte[]>> raw = kafka.readEverythingRaw(topic, r -> true,
                    found -> found.stream().filter(r -> text(r).contains(importId)).count() >= expected, TIMEOUT);
            // (at least: an aborted attempt, if any, is on disk too, and must hold no password either)
            assertThat(raw.stream().filter(r -> text(r).contains(importId)).count()).as(topic)
                    .isGreaterThanOrEqualTo(expected);
            for (ConsumerRecord<byte[], byte[]> r : raw) {
                for (String password : passwords) {
                    assertThat(text(r)).as("a record of " + topic).doesNotContain(password);
                }
            }
        }
    }

    @Test
    void shouldNotCreateARowTwiceWhenItsCommandIsDeliveredAgain() {
        // Given a row of demo-small created once
        String importId = "it-" + UUID.randomUUID();
        ProvisionUser first = command(importId, 2, "Dee Oak", "dee.oak@small.example", null, "demo-small");
        kafka.sendInOneTransaction(Topics.PROVISION_REQUESTS, List.of(first), ProvisionUser::accountId);
        assertThat(values(kafka.readCommitted(Topics.ROWS_PROVISIONED, r -> importId.equals(r.value().importId()),
                found -> !found.isEmpty(), TIMEOUT))).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.CREATED));

        // When its command is delivered again (a producer retry, a replay), then the next row's command
        kafka.sendInOneTransaction(Topics.PROVISION_REQUESTS, List.of(first), ProvisionUser::accountId);
        ProvisionUser next = command(importId, 3, "Eve Ash", "eve.ash@small.example", null, "demo-small");
        kafka.sendInOneTransaction(Topics.PROVISION_REQUESTS, List.of(next), ProvisionUser::accountId);

        // Then, once the next row is done (same partition, so the repeat was handled before it),
        // the first row was created once: one result, one user created event, one password email
        List<RowProvisioned> rows = values(kafka.readCommitted(Topics.ROWS_PROVISIONED,
                r -> importId.equals(r.value().importId()), found -> found.stream().anyMatch(r -> r.value().row() == 3),
                TIMEOUT));
        assertThat(rows).extracting(RowProvisioned::row).containsExactly(2, 3);
        assertThat(rows).extracting(RowProvisioned::outcome).containsOnly(Outcome.CREATED);
        assertThat(values(kafka.readCommitted(Topics.USERS_CREATED, r -> importId.equals(r.value().importId()),
                found -> found.size() >= 2, TIMEOUT))).extracting(UserCreated::row).containsExactly(2, 3);
        assertThat(values(kafka.readCommitted(Topics.NOTIFICATION_REQUESTS, r -> importId.equals(r.value().importId()),
                found -> found.size() >= 2, TIMEOUT))).extracting(NotificationRequested::row).containsExactly(2, 3);
    }

    /** Applied once demo has its existing user (demo's last event) and demo-small its location (its last). */
    private boolean fixtureApplied() {
        var users = provisioningStreams.streams().store(StoreQueryParameters.fromNameAndType(
                DirectoryUpdater.USERS_STORE, QueryableStoreTypes.<String, DirectoryUser>keyValueStore()));
        var accounts = provisioningStreams.streams().store(StoreQueryParameters.fromNameAndType(
                DirectoryUpdater.ACCOUNT_STORES.accounts(), QueryableStoreTypes.<String, Account>keyValueStore()));
        Account small = accounts.get("demo-small");
        return users.get(StoreKey.user("demo", "existing.user@demo.example")) != null
                && small != null && small.mainLocation() != null;
    }

    private static ProvisionUser command(String importId, int row, String name, String email,
            String primaryNumber) {
        return command(importId, row, name, email, primaryNumber, "demo");
    }

    private static ProvisionUser command(String importId, int row, String name, String email,
            String primaryNumber, String accountId) {
        return new ProvisionUser(importId, accountId, row, "Essentials", NewUser.of(email, name, primaryNumber),
                ImportOptions.defaults());
    }

    /** Key, value and headers of a record as text, to search for what must not be there. */
    private static String text(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder s = new StringBuilder();
        if (r.key() != null) {
            s.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
        }
        if (r.value() != null) {
            s.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
        }
        for (Header h : r.headers()) {
            s.append(h.key()).append('=');
            if (h.value() != null) {
                s.append(new String(h.value(), StandardCharsets.UTF_8));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
