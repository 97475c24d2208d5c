package com.bulkimport.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The notification service as it runs: its Spring application and Kafka Streams topology
 * ({@code exactly_once_v2}, persistent stores) against a real embedded KRaft broker, sending over
 * SMTP to a real mail server (GreenMail), its results read back {@code read_committed} as ingest
 * reads them. The mail server is stopped and started again, and the service restarted, in the
 * middle of the work.
 */
@EmbeddedPipelineKafka
class NotificationIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String KEY = PasswordSealer.newKey();
    private static final PasswordSealer SEALER = new PasswordSealer(KEY);
    private static final int SMTP_PORT = NotificationServiceRunner.freePort();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String bootstrapServers;
    private static KafkaTestSupport kafka;
    private static GreenMail mail;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.getBrokersAsString();
        TopicProvisioner.ensureTopics(bootstrapServers, 3, (short) 1);
        kafka = new KafkaTestSupport(bootstrapServers);
        mail = startMailServer();
        service = NotificationServiceRunner.start(bootstrapServers, SMTP_PORT, KEY, NotificationServiceRunner.newStateDir());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    /** A delivery option, silent mode and CONNECT, as chosen for one import on one account. */
    record Combination(PasswordDelivery delivery, boolean silent, boolean connect) {

        /** The requests provisioning makes for a user created with these (see ProvisioningTopologyTest's table). */
        List<NotificationRequested> requests(String importId, int row, String user, String specifiedAddress) {
            String account = silent ? "demo-small" : "demo";
            String accountName = silent ? "Demo Small Ltd" : "Demo Company";
            String name = "User " + row;
            List<NotificationRequested> requests = new ArrayList<>();
            if (delivery != PasswordDelivery.NONE) {
                String to = delivery == PasswordDelivery.SPECIFIED_ADDRESS ? specifiedAddress : user;
                requests.add(new NotificationRequested(importId, account, row, Kind.TEMPORARY_PASSWORD, to, user, name,
                        accountName, SEALER.seal(passwordOf(importId, row), PasswordSealer.contextFor(importId, row))));
            }
            if (connect && !silent) {
                requests.add(new NotificationRequested(importId, account, row, Kind.WELCOME, user, user, name, accountName,
                        null));
            }
            return requests;
        }
    }

    @Test
    void shouldSendTheEmailsOfEveryDeliveryModeSilentModeAndConnectCombinationToTheirRecipientsOnce() throws Exception {
        // Given one created user per combination, the passwords of SPECIFIED_ADDRESS going to one help desk
        String run = shortId();
        String importId = "combinations-" + run;
        String helpDesk = "help.desk." + run + "@demo.example";
        Map<String, Combination> userOf = new LinkedHashMap<>();
        List<NotificationRequested> requests = new ArrayList<>();
        int row = 2;
        for (PasswordDelivery delivery : PasswordDelivery.values()) {
            for (boolean silent : new boolean[] {false, true}) {
                for (boolean connect : new boolean[] {true, false}) {
                    String user = "user" + row + "." + run + "@demo.example";
                    Combination c = new Combination(delivery, silent, connect);
                    userOf.put(user, c);
                    requests.addAll(c.requests(importId, row, user, helpDesk));
                    row++;
                }
            }
        }

        // When provisioning commits the requests
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests, NotificationRequested::accountId);

        // Then each email is reported sent, once, keyed by its account
        List<ConsumerRecord<String, NotificationResult>> results = resultsOf(importId, requests.size());
        assertThat(results).hasSize(requests.size()).allSatisfy(r -> {
            assertThat(r.value().sent()).isTrue();
            assertThat(r.key()).isEqualTo(r.value().accountId());
        });

        // and each recipient got what the options ask for, no more
        Map<String, Long> expected = new TreeMap<>();
        userOf.forEach((user, c) -> expected.put(user,
                (c.delivery() == PasswordDelivery.USER_EMAIL ? 1L : 0L) + (c.connect() && !c.silent() ? 1L : 0L)));
        expected.put(helpDesk, userOf.values().stream().filter(c -> c.delivery() == PasswordDelivery.SPECIFIED_ADDRESS).count());
        KafkaTestSupport.await("every email in the mailbox", TIMEOUT, () -> messagesFor(run).size() >= requests.size());
        Thread.sleep(300); // anything extra would be here by now
        Map<String, Long> counted = new TreeMap<>(messagesFor(run).stream()
                .collect(Collectors.groupingBy(NotificationIntegrationTest::recipient, Collectors.counting())));
        expected.entrySet().removeIf(e -> e.getValue() == 0L);
        System.out.println("Emails per recipient (combination test): " + counted.entrySet().stream()
                .map(e -> e.getKey().replace("." + run + "@demo.example", "") + " " + describe(userOf.get(e.getKey())) + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
        assertThat(counted).isEqualTo(expected);

        // and every email reads right: subject, sender, both bodies, the password opened from the sealed one
        for (MimeMessage m : messagesFor(run)) {
            String to = recipient(m);
            String text = part(m, "text/plain");
            String html = part(m, "text/html");
            assertThat(m.getFrom()[0].toString()).isEqualTo(NotificationServiceRunner.FROM);
            assertThat(m.getContentType()).startsWith("multipart/alternative");
            if (m.getSubject().contains("temporary password")) {
                int userRow = Integer.parseInt(m.getMessageID().split("\\.")[1]);
                String password = passwordOf(importId, userRow);
                String user = "user" + userRow + "." + run + "@demo.example";
                assertThat(m.getSubject()).doesNotContain(password);
                assertThat(text).contains("Temporary password: " + password + "\n", "Login: " + user,
                        NotificationServiceRunner.SIGN_IN_URL);
                assertThat(html).contains(">" + password + "<");
                if (to.equals(helpDesk)) {
                    assertThat(m.getSubject()).isEqualTo("The temporary password for User " + userRow + " at "
                            + (userOf.get(user).silent() ? "Demo Small Ltd" : "Demo Company"));
                    assertThat(text).contains("User: User " + userRow, "pass this\none on to User " + userRow);
                } else {
                    assertThat(to).isEqualTo(user);
                    assertThat(m.getSubject()).startsWith("Your temporary password for ");
                }
            } else {
                assertThat(m.getSubject()).isEqualTo("Welcome to Demo Company");
                assertThat(text).contains("Login: " + to, "Sign in at: " + NotificationServiceRunner.SIGN_IN_URL)
                        .doesNotContain("Temporary password:");
            }
        }
    }

    @Test
    void shouldSendOneEmailWhenTheSameRequestIsDeliveredTwice() throws Exception {
        String run = shortId();
        String importId = "twice-" + run;
        String to = "ann." + run + "@demo.example";
        NotificationRequested request = new NotificationRequested(importId, "demo", 2, Kind.TEMPORARY_PASSWORD, to, to,
                "Ann Lee", "Demo Company", SEALER.seal(passwordOf(importId, 2), PasswordSealer.contextFor(importId, 2)));

        // twice in one transaction, then once more in another
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(request, request), NotificationRequested::accountId);
        resultsOf(importId, 1);
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(request), NotificationRequested::accountId);
        // a later request on the same partition, to know the repeat was read
        String marker = "marker." + run + "@demo.example";
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(new NotificationRequested(importId, "demo", 3,
                Kind.WELCOME, marker, marker, "Marker", "Demo Company", null)), NotificationRequested::accountId);
        resultsOf(importId, 2);

        assertThat(resultsOf(importId, 2)).extracting(r -> r.value().to()).containsExactlyInAnyOrder(to, marker);
        assertThat(messagesFor(run)).extracting(NotificationIntegrationTest::recipient).containsExactlyInAnyOrder(to, marker);
    }

    @Test
    void shouldDeadLetterAnUnreadableRequestWithItsReasonAndSendTheNextOne() throws Exception {
        // Given a record that is not JSON, on the demo account's partition of the requests
        byte[] garbage = ("{not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        kafka.sendRaw(Topics.NOTIFICATION_REQUESTS.name(), "demo", garbage);

        // When a valid request follows it on the same partition
        String run = shortId();
        String importId = "unreadable-" + run;
        String to = "bob.ray." + run + "@demo.example";
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(new NotificationRequested(importId, "demo", 3,
                Kind.WELCOME, to, to, "Bob Ray", "Demo Company", null)), NotificationRequested::accountId);

        // Then the partition moved on: the next request is sent and reported
        assertThat(resultsOf(importId, 1)).singleElement().satisfies(r -> assertThat(r.value().sent()).isTrue());
        assertThat(messagesFor(run)).singleElement().satisfies(m -> assertThat(m.getSubject()).contains("Welcome"));

        // and the bad record is in the dead-letter topic, bytes and key as they were, the reason in its headers
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommittedRaw(Topics.DEAD_LETTERS.name(),
                r -> Arrays.equals(r.value(), garbage), found -> !found.isEmpty(), TIMEOUT);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
            Map<String, String> headers = headers(r);
            assertThat(headers.get("__streams.errors.message")).contains("Cannot read NotificationRequested");
            assertThat(headers.get("__streams.errors.topic")).isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
            assertThat(headers).containsKeys("__streams.errors.exception", "__streams.errors.partition",
                    "__streams.errors.offset");
        });
    }

    @Test
    void shouldDeliverEveryEmailExactlyOnceWhenTheMailServerWasDownForAWhile() throws Exception {
        // Given the mail server down
        mail.stop();
        String run = shortId();
        String importId = "outage-" + run;
        List<NotificationRequested> requests = new ArrayList<>();
        String[] accounts = {"demo", "demo-small", "acme", "globex"};
        for (int row = 2; row < 22; row++) {
            String to = "user" + row + "." + run + "@demo.example";
            String account = accounts[row % accounts.length];
            requests.add(new NotificationRequested(importId, account, row, Kind.TEMPORARY_PASSWORD, to, to, "User " + row,
                    account, SEALER.seal(passwordOf(importId, row), PasswordSealer.contextFor(importId, row))));
            requests.add(new NotificationRequested(importId, account, row, Kind.WELCOME, to, to, "User " + row, account, null));
        }

        // When 40 emails are asked for while it is down
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests, NotificationRequested::accountId);
        Thread.sleep(2_000);
        assertThat(kafka.readCommitted(Topics.NOTIFICATION_RESULTS, r -> importId.equals(r.value().importId()),
                found -> false, Duration.ofMillis(500))).as("results while the mail server is down").isEmpty();

        // and it comes back
        mail = startMailServer();
        long back = System.nanoTime();

        // Then every email arrives, exactly once, and each is reported sent once
        List<ConsumerRecord<String, NotificationResult>> results = resultsOf(importId, requests.size());
        KafkaTestSupport.await("40 emails", TIMEOUT, () -> messagesFor(run).size() >= requests.size());
        System.out.printf("Mail server back: %d emails delivered %.1f s later%n", requests.size(),
                (System.nanoTime() - back) / 1e9);
        Thread.sleep(300);
        assertThat(results).hasSize(requests.size()).allSatisfy(r -> assertThat(r.value().sent()).isTrue());
        Map<String, Long> perRecipient = messagesFor(run).stream()
                .collect(Collectors.groupingBy(NotificationIntegrationTest::recipient, Collectors.counting()));
        assertThat(perRecipient).hasSize(20).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(2L));
        assertThat(kafka.readCommittedRaw(Topics.DEAD_LETTERS.name(), r -> new String(r.value(), StandardCharsets.UTF_8)
                .contains(importId), found -> false, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void shouldRetryAnEmailRefusedForNowAndDeadLetterAndReportTheOnesGivenUp() throws Exception {
        // Given a mail server that refuses some recipients: for good (550), once (451), or every time (451)
        String run = shortId();
        String importId = "refusals-" + run;
        java.util.Set<String> refusedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        mail.stop();
        try (ScriptedSmtpServer refusing = new ScriptedSmtpServer(SMTP_PORT, address -> {
            if (address.startsWith("unknown.")) {
                return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
            }
            if (address.startsWith("always-busy.")) {
                return "451 4.3.0 <" + address + ">: try again later";
            }
            if (address.startsWith("busy-once.") && refusedOnce.add(address)) {
                return "452 4.2.2 <" + address + ">: Mailbox full";
            }
            return "250 2.1.5 OK";
        })) {
            List<NotificationRequested> requests = new ArrayList<>();
            int row = 2;
            for (String name : List.of("unknown", "busy-once", "always-busy", "fine")) {
                String to = name + "." + run + "@demo.example";
                requests.add(new NotificationRequested(importId, "demo", row++, Kind.WELCOME, to, to, name, "Demo Company", null));
            }

            // When they are asked for
            kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests, NotificationRequested::accountId);

            // Then each is reported once: sent, or failed with the server's reply
            Map<String, NotificationResult> results = resultsOf(importId, 4).stream().map(ConsumerRecord::value)
                    .collect(Collectors.toMap(r -> r.to().substring(0, r.to().indexOf('.')), r -> r));
            assertThat(results).hasSize(4);
            assertThat(results.get("fine").sent()).isTrue();
            assertThat(results.get("busy-once").sent()).isTrue();
            assertThat(results.get("unknown").sent()).isFalse();
            assertThat(results.get("unknown").failure()).startsWith("mail server replied 550 5.1.1");
            assertThat(results.get("always-busy").sent()).isFalse();
            assertThat(results.get("always-busy").failure()).contains("451 4.3.0", "tried 3 times");
            assertThat(refusing.accepted()).containsExactlyInAnyOrder("fine." + run + "@demo.example",
                    "busy-once." + run + "@demo.example");
            assertThat(refusing.rcptSeen()).filteredOn(a -> a.startsWith("always-busy.")).hasSize(3);
            assertThat(refusing.rcptSeen()).filteredOn(a -> a.startsWith("unknown.")).hasSize(1);

            // and the two given up are in the dead-letter topic, as requested, with the reason
            List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommittedRaw(Topics.DEAD_LETTERS.name(),
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(importId), found -> found.size() >= 2, TIMEOUT);
            assertThat(dead).hasSize(2).allSatisfy(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
                NotificationRequested request = Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer().deserialize("t", r.value());
                assertThat(request.to()).startsWith(request.displayName() + ".");
                Map<String, String> headers = headers(r);
                assertThat(headers.get("__streams.errors.message")).isEqualTo(results.get(request.displayName()).failure());
                assertThat(headers.get("__streams.errors.exception")).endsWith("SMTPAddressFailedException");
                assertThat(headers.get("__streams.errors.topic")).isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
                assertThat(headers).containsKeys("__streams.errors.partition", "__streams.errors.offset");
            });
        } finally {
            mail = startMailServer();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSendAGivenUpEmailAgainOnceWhenAnOperatorAsksThroughTheActuator() throws Exception {
        // Given an import whose password email was given up (550: no such mailbox yet), and its welcome email sent
        String run = shortId();
        java.util.Set<String> mailboxes = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String importId = "resend-" + run;
        String unknown = "unknown." + run + "@demo.example";
        List<NotificationRequested> requests = List.of(
                new NotificationRequested(importId, "demo", 2, Kind.TEMPORARY_PASSWORD, unknown, unknown, "Ann", "Demo Company",
                        SEALER.seal(passwordOf(importId, 2), PasswordSealer.contextFor(importId, 2))),
                new NotificationRequested(importId, "demo", 3, Kind.WELCOME, "fine." + run + "@demo.example",
                        "fine." + run + "@demo.example", "Bob", "Demo Company", null));
        mail.stop();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(SMTP_PORT, address -> address.startsWith("unknown.")
                && !mailboxes.contains(address) ? "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown"
                        : "250 2.1.5 OK")) {
            kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests, NotificationRequested::accountId);
            assertThat(resultsOf(importId, 2)).extracting(r -> r.value().sent()).containsExactlyInAnyOrder(true, false);

            // When the mailbox exists now and an operator asks for the import's given-up emails again
            mailboxes.add(unknown);
            Map<String, Object> first = resendEmails("{\"accountId\":\"demo\",\"importId\":\"" + importId
                    + "\",\"requestedBy\":\"it-operator\"}");

            // Then the email went once, and the report says so
            assertThat(first.get("requestedBy")).isEqualTo("it-operator");
            assertThat(first.get("emails")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
                    .satisfies(e -> assertThat((Map<String, Object>) e).containsEntry("row", 2)
                            .containsEntry("outcome", "SENT_AGAIN").containsEntry("to", unknown));
            assertThat(server.accepted()).filteredOn(unknown::equals).hasSize(1);
            // and its new result says it was sent again (ingest moves it from failed to sent)
            assertThat(resultsOf(importId, 3)).filteredOn(r -> r.value().isResend()).singleElement()
                    .satisfies(r -> assertThat(r.value().sent()).isTrue());

            // When the operator asks again, for that row and kind
            Map<String, Object> second = resendEmails("{\"accountId\":\"demo\",\"importId\":\"" + importId
                    + "\",\"row\":2,\"kind\":\"TEMPORARY_PASSWORD\"}");

            // Then nothing is sent a second time, and the report says why
            assertThat(second.get("emails")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
                    .satisfies(e -> assertThat((Map<String, Object>) e).containsEntry("outcome", "RESENT_BEFORE"));
            assertThat(server.accepted()).filteredOn(unknown::equals).hasSize(1);
            assertThat(server.rcptSeen()).filteredOn(unknown::equals).hasSize(2);
            // and a request without its import is refused with the reason
            HttpResponse<String> refused = postResend("{\"accountId\":\"demo\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        } finally {
            mail = startMailServer();
        }
    }

    /** POSTs to the operator's endpoint, expects 200 and returns the report. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resendEmails(String json) throws Exception {
        HttpResponse<String> response = postResend(json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return com.bulkimport.events.Json.MAPPER.readValue(response.body(), Map.class);
    }

    private static HttpResponse<String> postResend(String json) throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/resendemails"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldSendNothingTwiceWhenRestartedMidStreamWithoutItsLocalState() throws Exception {
        // Given 60 emails asked for
        String run = shortId();
        String importId = "restart-" + run;
        List<NotificationRequested> requests = new ArrayList<>();
        for (int row = 2; row < 32; row++) {
            String to = "user" + row + "." + run + "@demo.example";
            String account = row % 2 == 0 ? "demo" : "demo-small";
            requests.add(new NotificationRequested(importId, account, row, Kind.TEMPORARY_PASSWORD, to, to, "User " + row,
                    account, SEALER.seal(passwordOf(importId, row), PasswordSealer.contextFor(importId, row))));
            requests.add(new NotificationRequested(importId, account, row, Kind.WELCOME, to, to, "User " + row, account, null));
        }
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests, NotificationRequested::accountId);

        // When the service stops once some are sent, and starts again on an empty state folder
        // (its record of what was sent comes back from Kafka), and the first half is asked for again
        int sentBeforeStop = resultsOf(importId, 5).size();
        service.close();
        service = NotificationServiceRunner.start(bootstrapServers, SMTP_PORT, KEY, NotificationServiceRunner.newStateDir());
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests.subList(0, 30), NotificationRequested::accountId);
        String marker = "marker." + run + "@demo.example";
        for (String account : List.of("demo", "demo-small")) {
            kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(new NotificationRequested(importId, account,
                    1000 + account.length(), Kind.WELCOME, marker, marker, "Marker", account, null)),
                    NotificationRequested::accountId);
        }

        // Then each email went once, and was reported once
        List<ConsumerRecord<String, NotificationResult>> results = resultsOf(importId, requests.size() + 2);
        KafkaTestSupport.await("62 emails", TIMEOUT, () -> messagesFor(run).size() >= requests.size() + 2);
        Thread.sleep(300);
        System.out.printf("Restart test: %d results committed when stopped%n", sentBeforeStop);
        assertThat(results).hasSize(requests.size() + 2);
        assertThat(results.stream().map(r -> r.value().row() + "/" + r.value().kind()).distinct()).hasSize(requests.size() + 2);
        Map<String, Long> perRecipient = messagesFor(run).stream()
                .collect(Collectors.groupingBy(NotificationIntegrationTest::recipient, Collectors.counting()));
        assertThat(perRecipient).hasSize(31).containsEntry(marker, 2L)
                .allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(2L));
    }

    @Test
    void shouldSendWhatItsOutboxHeldWhenItStoppedOnceStartedAgainWithoutItsLocalState() throws Exception {
        // Given the service restarted with batches that never fill up and no punctuation to send them (an hour)
        service.close();
        service = NotificationServiceRunner.start(bootstrapServers, SMTP_PORT, KEY, NotificationServiceRunner.newStateDir(),
                "--bulkimport.notification.batch=1000", "--bulkimport.notification.flush-interval=1h");
        String run = shortId();
        String importId = "outbox-" + run;
        List<NotificationRequested> requests = new ArrayList<>();
        for (int row = 2; row < 12; row++) {
            String to = "user" + row + "." + run + "@demo.example";
            String account = row % 2 == 0 ? "demo" : "acme";
            requests.add(new NotificationRequested(importId, account, row, Kind.TEMPORARY_PASSWORD, to, to, "User " + row,
                    account, SEALER.seal(passwordOf(importId, row), PasswordSealer.contextFor(importId, row))));
            requests.add(new NotificationRequested(importId, account, row, Kind.WELCOME, to, to, "User " + row, account, null));
        }

        // When 20 emails are asked for: read, and recorded in the outbox (committed with their offsets), not sent
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, requests, NotificationRequested::accountId);
        List<ConsumerRecord<byte[], byte[]>> held = kafka.readCommittedRaw(
                NotificationApplication.APPLICATION_ID + "-" + EmailDelivery.OUTBOX_STORE + "-changelog",
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(importId),
                found -> found.size() >= requests.size(), TIMEOUT);
        assertThat(held).hasSize(requests.size());
        assertThat(messagesFor(run)).isEmpty();

        // and the service stops, then starts again on an empty state folder (its outbox comes back from Kafka)
        service.close();
        assertThat(messagesFor(run)).isEmpty();
        service = NotificationServiceRunner.start(bootstrapServers, SMTP_PORT, KEY, NotificationServiceRunner.newStateDir());

        // Then every email of the outbox goes, once, and is reported once
        List<ConsumerRecord<String, NotificationResult>> results = resultsOf(importId, requests.size());
        KafkaTestSupport.await("20 emails", TIMEOUT, () -> messagesFor(run).size() >= requests.size());
        Thread.sleep(300);
        assertThat(results).hasSize(requests.size()).allSatisfy(r -> assertThat(r.value().sent()).isTrue());
        Map<String, Long> perRecipient = messagesFor(run).stream()
                .collect(Collectors.groupingBy(NotificationIntegrationTest::recipient, Collectors.counting()));
        assertThat(perRecipient).hasSize(10).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(2L));
    }

    // ---------------------------------------------------------------------------------------------

    /** Starts GreenMail on the mail port, again a few times while the port is still held by the server before it. */
    private static GreenMail startMailServer() {
        for (int attempt = 1; ; attempt++) {
            GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            try {
                server.start();
                return server;
            } catch (IllegalStateException e) {
                server.stop();
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The committed results of one import, once there are at least {@code count}. */
    private static List<ConsumerRecord<String, NotificationResult>> resultsOf(String importId, int count) {
        List<ConsumerRecord<String, NotificationResult>> found = kafka.readCommitted(Topics.NOTIFICATION_RESULTS,
                r -> importId.equals(r.value().importId()), f -> f.size() >= count, TIMEOUT);
        assertThat(found.size()).as("results of " + importId).isGreaterThanOrEqualTo(count);
        return found;
    }

    /** The messages the mail server holds for this test's recipients (their addresses hold the run id). */
    private static List<MimeMessage> messagesFor(String run) {
        Predicate<MimeMessage> ours = m -> recipient(m).contains("." + run + "@");
        return Arrays.stream(mail.getReceivedMessages()).filter(ours).toList();
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(MimeMessage m, String type) throws Exception {
        MimeMultipart parts = (MimeMultipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            if (p.isMimeType(type)) {
                return ((String) p.getContent()).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String passwordOf(String importId, int row) {
        return "Pw" + row + "-" + Integer.toHexString(importId.hashCode()) + "#x";
    }

    private static String describe(Combination c) {
        return c == null ? "(help desk)" : "(" + c.delivery() + (c.silent() ? ",silent" : "") + (c.connect() ? ",CONNECT" : "") + ")";
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
