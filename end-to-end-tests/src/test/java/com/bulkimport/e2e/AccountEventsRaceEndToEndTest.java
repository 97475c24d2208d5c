package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.Json;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowProvisioned.Outcome;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.IngestApi;
import com.bulkimport.testing.KafkaTestSupport;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import tools.jackson.databind.JsonNode;

/**
 * Account events racing a running import on the real pipeline (issue 12, "Races"): the four
 * services on an embedded broker, a 1,000-row upload on the demo account and, while validation is
 * still gathering the rows, waves of account events taking what rows it has already passed ask
 * for (numbers assigned elsewhere and released, users registered elsewhere with a row's email or
 * number, extensions reserved, a location removed), then, once the gate has released the import,
 * one more wave that also lowers the Bridge total. Whatever the interleaving: every row is created
 * or not created with a reason naming its value; the import completes; no created user holds a
 * number or extension that someone else held when it was given (read from provisioning's own
 * changelogs, in the order provisioning wrote them); the licence ledger never gives a licence that
 * is not free, and counts each created user once; no user is put in a location already removed.
 */
@EmbeddedPipelineKafka
class AccountEventsRaceEndToEndTest {

    private static final int ROWS = 1000;
    /** The last 40 rows are on Bridge licences (50 free); the total is lowered to 10 during the import. */
    private static final int BRIDGE_ROWS = 40;
    private static final int LOWERED_BRIDGE_TOTAL = 10;
    private static final int WAVES = 4;

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void shouldGiveNothingTwiceAndFinishTheImportWhileAccountEventsRaceIt(EmbeddedKafkaBroker broker) throws Exception {
        String bootstrap = broker.getBrokersAsString();
        var kafka = new KafkaTestSupport(bootstrap);
        // (commits every 100 ms while validation gathers the rows, not every second: the rows validated
        // must show up while it is still at work, so that the waves below race the import)
        try (Pipeline pipeline = new Pipeline(bootstrap, mail.getSmtp().getPort(),
                Files.createTempDirectory("account-races"), Map.of("bulkimport.kafka.commit-interval-ms", 100))) {
            var admin = new IngestApi(pipeline.api(), "demo-admin", "demo-admin");
            admin.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
            // Given the demo account in silent mode (no welcome email for a thousand users)
            send(bootstrap, List.of(new AccountEvent.SettingsChanged("demo", "Demo Company", true, true,
                    Set.of(BundleService.CONNECT, BundleService.MEET, BundleService.SHARE), 3, 6)), System.currentTimeMillis());

            // and a file of 1,000 users, each with its own parked number, some naming an extension or a location
            long uploadedAt = System.currentTimeMillis();
            var accepted = admin.upload("demo", "races.csv", csv(), "?passwordDelivery=NONE");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode body = Json.MAPPER.readTree(accepted.body());
            String importId = body.get("importId").asString();
            String statusUrl = body.get("statusUrl").asString();

            // When, while validation gathers the rows, waves of account events take what rows already
            // validated ask for; and once the gate has released the import, a last wave lowers the
            // Bridge total and takes more
            List<AccountEvent> sent = new ArrayList<>();
            try (var platform = new Platform(bootstrap, uploadedAt - 1000);
                    var watch = new ValidatedRows(bootstrap, importId)) {
                for (int wave = 0; wave < WAVES - 1; wave++) {
                    int atLeast = (wave + 1) * ROWS / WAVES;
                    List<AccountEvent> events = wave(wave, watch.awaitAtLeast(atLeast, Duration.ofSeconds(120)));
                    platform.send(events);
                    sent.addAll(events);
                }
                // (the gate commits with the last row validated: it is decided when that row is read)
                List<AccountEvent> last = wave(WAVES - 1, watch.awaitAtLeast(ROWS, Duration.ofSeconds(120)));
                last.add(new AccountEvent.LicenceChanged("demo", "Bridge", LOWERED_BRIDGE_TOTAL, 0));
                platform.send(last);
                sent.addAll(last);
            }
            // (how far provisioning had gone when the last wave was committed: a figure of the race)
            int createdAtLastWave = admin.getJson(statusUrl).get("counts").get("created").asInt();
            List<ConsumerRecord<String, ImportGateDecided>> gate = kafka.readCommitted(Topics.IMPORT_GATES,
                    r -> r.value().importId().equals(importId), found -> !found.isEmpty(), Duration.ofSeconds(60));
            assertThat(gate).singleElement().satisfies(g -> assertThat(g.value().outcome())
                    .isEqualTo(ImportGateDecided.Outcome.RELEASED));

            // Then the import completes
            JsonNode status = admin.awaitStatus(statusUrl, Duration.ofSeconds(180), "COMPLETED");

            // and every row has exactly one outcome: created, or not created with a reason naming its value
            List<RowProvisioned> results = kafka.readCommitted(Topics.ROWS_PROVISIONED,
                    r -> r.value().importId().equals(importId), found -> found.size() >= ROWS, Duration.ofSeconds(60))
                    .stream().map(ConsumerRecord::value).toList();
            assertThat(results).hasSize(ROWS);
            assertThat(results.stream().map(RowProvisioned::row).collect(Collectors.toSet())).hasSize(ROWS);
            List<RowProvisioned> created = results.stream().filter(r -> r.outcome() == Outcome.CREATED).toList();
            List<RowProvisioned> refused = results.stream().filter(r -> r.outcome() == Outcome.NOT_CREATED).toList();
            assertThat(created.size() + refused.size()).isEqualTo(ROWS);
            Map<ErrorCode, Integer> reasons = new EnumMap<>(ErrorCode.class);
            for (RowProvisioned r : refused) {
                assertThat(r.reasons()).as("reasons of row %d", r.row()).isNotEmpty();
                for (RowError e : r.reasons()) {
                    assertThat(e.row()).isEqualTo(r.row());
                    assertThat(e.column()).isNotBlank();
                    assertThat(e.value()).isNotBlank();
                    assertThat(e.message()).as("the reason names the value").contains(e.value());
                    assertThat(e.code()).isIn(ErrorCode.NUMBER_TAKEN, ErrorCode.EXTENSION_IN_USE,
                            ErrorCode.LICENCE_TAKEN, ErrorCode.EMAIL_EXISTS, ErrorCode.LOCATION_UNKNOWN);
                    reasons.merge(e.code(), 1, Integer::sum);
                }
            }
            // and each created user got what its row asked for, and nothing in its place
            for (RowProvisioned r : created) {
                int i = r.row() - 2;
                assertThat(r.numbers()).as("numbers of row %d", r.row()).containsExactly(number(i));
                assertThat(r.location()).as("location of row %d", r.row()).isEqualTo(location(i).isEmpty()
                        ? "Main Company Address" : location(i));
                if (!extension(i).isEmpty()) {
                    assertThat(r.extension()).as("extension of row %d", r.row()).isEqualTo(extension(i));
                }
            }
            assertThat(status.get("counts").get("created").asInt()).isEqualTo(created.size());
            assertThat(status.get("counts").get("notCreated").asInt()).isEqualTo(refused.size());
            // (the events raced the import: some rows lost what they asked for)
            assertThat(refused).as("rows not created: the events reached provisioning mid-import").isNotEmpty();

            // and the public events match, no number or extension given to two created users
            List<UserCreated> users = kafka.readCommitted(Topics.USERS_CREATED,
                    r -> r.value().importId().equals(importId), found -> found.size() >= created.size(),
                    Duration.ofSeconds(60)).stream().map(ConsumerRecord::value).toList();
            assertThat(users).hasSize(created.size());
            Set<String> createdEmails = users.stream().map(UserCreated::email).collect(Collectors.toSet());
            assertThat(createdEmails).hasSize(users.size());
            assertThat(users.stream().map(UserCreated::extension).collect(Collectors.toSet())).hasSize(users.size());
            List<String> numbers = users.stream().flatMap(u -> u.numbers().stream()).toList();
            assertThat(new HashSet<>(numbers)).hasSize(numbers.size());

            // and, in the order provisioning wrote its directory, no value was given while someone else held it
            Map<String, Integer> lateTakes = new HashMap<>();
            Directory directory = new Directory(bootstrap, createdEmails);
            assertThat(directory.numbersGivenWhileHeld()).as("numbers given while not parked").isEmpty();
            assertThat(directory.extensionsGivenWhileHeld()).as("extensions given while in use").isEmpty();
            lateTakes.put("numbers", directory.numbersTakenFromCreatedUsers);
            lateTakes.put("extensions", directory.extensionsTakenFromCreatedUsers);

            // and each user was created with a licence that was free and a location the account had then
            List<Account> accountHistory = directory.accountHistory();
            List<String> breaches = new ArrayList<>();
            int creation = 0;
            for (int i = 1; i < accountHistory.size(); i++) {
                Account before = accountHistory.get(i - 1);
                Account after = accountHistory.get(i);
                for (Account.Licence l : after.licences().values()) {
                    int was = before.licence(l.licenceType()).map(Account.Licence::usedByPipeline).orElse(0);
                    if (l.usedByPipeline() == was + 1) {
                        Account.Licence then = before.licence(l.licenceType()).orElseThrow();
                        RowProvisioned row = created.get(creation++);
                        if (!then.hasFree()) {
                            breaches.add("row " + row.row() + " got a " + l.licenceType() + " licence when none was free: " + then);
                        }
                        if (row.location() != null && before.location(row.location()).isEmpty()) {
                            breaches.add("row " + row.row() + " was put in " + row.location() + ", removed before");
                        }
                    }
                }
            }
            assertThat(breaches).isEmpty();
            assertThat(creation).as("every creation counted once in the ledger").isEqualTo(created.size());
            Account last = accountHistory.get(accountHistory.size() - 1);
            long bridgeCreated = users.stream().filter(u -> u.licenceType().equals("Bridge")).count();
            assertThat(last.licence("Bridge").orElseThrow().usedByPipeline()).isEqualTo((int) bridgeCreated);
            assertThat(last.licence("Essentials").orElseThrow().usedByPipeline())
                    .isEqualTo((int) (users.size() - bridgeCreated));

            System.out.printf("account-event races: %d rows, %d events in %d waves, %d created, %d not created %s,"
                    + " created when the last wave was committed %d, Bridge created %d (total lowered to %d after the gate),"
                    + " values taken by the platform from users already created %s%n",
                    ROWS, sent.size(), WAVES, created.size(), refused.size(), reasons, createdAtLastWave,
                    bridgeCreated, LOWERED_BRIDGE_TOTAL, lateTakes);
        }
    }

    /**
     * Row i (spreadsheet row i + 2): number +44 20 7946 0000 + i; every third row but the Bridge
     * ones names extension 5000 + i (the others are provisioned after those, in file order); every fourth row of the first half names New York Office, a quarter of the rows
     * London Office; the last 40 are on Bridge licences.
     */
    private static String csv() {
        StringBuilder csv = new StringBuilder("Display Name (Mandatory),Email Address (Mandatory),Subscription License Type,"
                + "Primary Phone Number (Optional),Extension (Optional),Voice Location (Optional)\r\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("Race User ").append(i).append(',').append(email(i)).append(',')
                    .append(i >= ROWS - BRIDGE_ROWS ? "Bridge" : "Essentials").append(',')
                    .append(number(i)).append(',').append(extension(i)).append(',').append(location(i)).append("\r\n");
        }
        return csv.toString();
    }

    private static String extension(int i) {
        return i % 3 == 0 && i < ROWS - BRIDGE_ROWS ? Integer.toString(5000 + i) : "";
    }

    private static String location(int i) {
        return i % 4 == 0 && i < ROWS / 2 ? "New York Office" : i % 4 == 1 ? "London Office" : "";
    }

    private static String email(int i) {
        return "race.user" + i + "@demo.example";
    }

    private static String number(int i) {
        return String.format("+44207946%04d", i);
    }

    /**
     * One wave of account events, each taking what a row validation has passed asks for (among the
     * rows validated last): its number assigned elsewhere, released, or held by a user registered
     * elsewhere; its email registered elsewhere; its named extension reserved; and low extensions,
     * which rows naming none would get. New York Office (named by rows of the first half only, all
     * validated by then) is removed in the third wave.
     */
    private static List<AccountEvent> wave(int w, List<Integer> validated) {
        List<AccountEvent> wave = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            // the last wave: the last rows of the file, which provisioning takes last
            int i = w == WAVES - 1 ? ROWS - 1 - k * 2
                    : validated.get(validated.size() - 1 - (w * 97 + k * 7) % validated.size()) - 2;
            switch (k % 6) {
                case 0 -> wave.add(new AccountEvent.NumberAssigned("demo", number(i), "elsewhere" + i + "@demo.example"));
                case 1 -> wave.add(new AccountEvent.NumberReleased("demo", number(i)));
                case 2 -> wave.add(new AccountEvent.UserRegistered("demo", email(i), null, List.of(), "Essentials"));
                case 3 -> wave.add(new AccountEvent.UserRegistered("demo", "registered" + i + "@demo.example", null,
                        List.of(number(i)), "Essentials"));
                case 4 -> wave.add(new AccountEvent.ExtensionReserved("demo", Integer.toString(101 + w * 2 + k / 6),
                        "Hunt group " + w));
                default -> {
                    int named = i - i % 3;
                    if (named < ROWS - BRIDGE_ROWS && validated.contains(named + 2)) {
                        wave.add(new AccountEvent.ExtensionReserved("demo", Integer.toString(5000 + named),
                                "Auto attendant " + named));
                    }
                }
            }
        }
        if (w == 2) {
            wave.add(new AccountEvent.LocationRemoved("demo", "New York Office"));
        }
        return wave;
    }

    /** Account events as the platform publishes them, in one transaction. */
    private static void send(String bootstrap, List<AccountEvent> events, long timestamp) {
        try (var platform = new Platform(bootstrap, timestamp)) {
            platform.send(events);
        }
    }

    /**
     * The platform's producer, ready before the race starts. Its events are stamped a second before
     * the upload: a Kafka Streams task picks the lowest timestamp among the records it has fetched,
     * so an event is applied as soon as it is read, not after the rows already waiting.
     */
    private static final class Platform implements AutoCloseable {

        private final KafkaProducer<String, AccountEvent> producer;
        private final long timestamp;

        Platform(String bootstrap, long timestamp) {
            this.timestamp = timestamp;
            producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "platform-" + UUID.randomUUID()),
                    Topics.ACCOUNT_EVENTS.keySerde().serializer(), Topics.ACCOUNT_EVENTS.valueSerde().serializer());
            producer.initTransactions();
        }

        void send(List<AccountEvent> events) {
            producer.beginTransaction();
            events.forEach(e -> producer.send(new ProducerRecord<>(Topics.ACCOUNT_EVENTS.name(), null, timestamp,
                    e.accountId(), e)));
            producer.commitTransaction();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    /** The rows of one import that validation has passed, as it commits them. */
    private static final class ValidatedRows implements AutoCloseable {

        private final KafkaConsumer<String, RowValidated> consumer;
        private final String importId;
        private final List<Integer> passed = new ArrayList<>();

        ValidatedRows(String bootstrap, String importId) {
            this.importId = importId;
            consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    Topics.ROWS_VALIDATED.keySerde().deserializer(), Topics.ROWS_VALIDATED.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ROWS_VALIDATED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The rows passed so far, in order, once there are at least {@code count}. */
        List<Integer> awaitAtLeast(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (passed.size() < count) {
                assertThat(System.nanoTime()).as("%d rows validated", count).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(20)).forEach(r -> {
                    if (r.value().importId().equals(importId)) {
                        assertThat(r.value().errors()).as("row %d", r.value().row()).isEmpty();
                        passed.add(r.value().row());
                    }
                });
            }
            return List.copyOf(passed);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /**
     * Provisioning's directory as it wrote it: its changelog topics, read committed, in order per
     * key. A value given to a created user must have been free just before (a number parked, an
     * extension unused); a value taken from a created user afterwards is the platform's doing, counted.
     */
    private static final class Directory {

        private final String bootstrap;
        private final Set<String> createdEmails;
        int numbersTakenFromCreatedUsers;
        int extensionsTakenFromCreatedUsers;

        Directory(String bootstrap, Set<String> createdEmails) {
            this.bootstrap = bootstrap;
            this.createdEmails = createdEmails;
        }

        List<String> numbersGivenWhileHeld() {
            List<String> breaches = new ArrayList<>();
            Map<String, AccountNumber> held = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : changelog("directory-numbers")) {
                if (!key(r).startsWith("demo|")) {
                    continue;
                }
                String key = key(r);
                AccountNumber now = r.value() == null ? null : Json.MAPPER.readValue(r.value(), AccountNumber.class);
                AccountNumber before = held.get(key);
                if (now != null && createdEmails.contains(now.assignedTo())
                        && (before == null || !before.parked()) && !now.assignedTo().equals(assignee(before))) {
                    breaches.add(key + ": given to " + now.assignedTo() + " while " + before);
                }
                if (before != null && createdEmails.contains(before.assignedTo())
                        && (now == null || !before.assignedTo().equals(now.assignedTo()))) {
                    numbersTakenFromCreatedUsers++;
                }
                held.put(key, now);
            }
            return breaches;
        }

        List<String> extensionsGivenWhileHeld() {
            List<String> breaches = new ArrayList<>();
            Map<String, String> usedBy = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : changelog("directory-extensions")) {
                if (!key(r).startsWith("demo|")) {
                    continue;
                }
                String key = key(r);
                String now = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
                String before = usedBy.get(key);
                if (now != null && createdEmails.contains(now) && before != null && !before.equals(now)) {
                    breaches.add(key + ": given to " + now + " while used by " + before);
                }
                if (before != null && createdEmails.contains(before) && !before.equals(now)) {
                    extensionsTakenFromCreatedUsers++;
                }
                usedBy.put(key, now);
            }
            return breaches;
        }

        /** The demo account's record, each version provisioning wrote, in order. */
        List<Account> accountHistory() {
            return changelog("directory-accounts").stream().filter(r -> key(r).equals("demo"))
                    .map(r -> Json.MAPPER.readValue(r.value(), Account.class)).toList();
        }

        private static String assignee(AccountNumber n) {
            return n == null ? null : n.assignedTo();
        }

        private static String key(ConsumerRecord<byte[], byte[]> r) {
            return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        }

        /** A store's changelog, read committed from the beginning to its end as it is now, in order per partition. */
        private List<ConsumerRecord<byte[], byte[]>> changelog(String store) {
            String topic = "provisioning-service-" + store + "-changelog";
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                    consumer.poll(Duration.ofMillis(200)).forEach(found::add);
                }
            }
            return found;
        }
    }
}
