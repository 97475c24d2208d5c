package com.bulkimport.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.NotificationTopology;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

/**
 * The sending step on Kafka Streams' test driver, with a mailer that fails as the real one does
 * (the same exceptions, see {@link SmtpFailureTest}), and the wall clock moved by hand: sent once,
 * retried with backoff, waiting while the server is down, given up and dead-lettered.
 */
class EmailDeliveryTest {

    /**
     * 3 tries of a refused email (after 1 s, then 3 s), server probes after 1, 2, then every 4 s, given up after 1 h;
     * batches of one email (each sent as its request is read, as the tests of one email at a time expect).
     */
    private static final DeliveryPolicy POLICY = policy(1);

    private static DeliveryPolicy policy(int batch) {
        return new DeliveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(4),
                Duration.ofHours(1), Duration.ofMillis(100), 10, Duration.ofDays(30), null, 4, batch, Duration.ofMillis(10));
    }

    private final ScriptedMailer mailer = new ScriptedMailer();
    private TopologyTestDriver driver;
    private TestInputTopic<String, NotificationRequested> requests;
    private TestOutputTopic<String, NotificationResult> results;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(DeliveryPolicy policy) throws Exception {
        var props = StreamsRunner.settings("notification-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("notification-test").toString(), 100L));
        driver = new TopologyTestDriver(NotificationTopology.build(mailer, policy, StoreKind.IN_MEMORY), props,
                Instant.parse("2026-11-25T10:00:00Z"));
        var key = Serdes.String();
        requests = driver.createInputTopic(Topics.NOTIFICATION_REQUESTS.name(), key.serializer(),
                Topics.NOTIFICATION_REQUESTS.valueSerde().serializer());
        results = driver.createOutputTopic(Topics.NOTIFICATION_RESULTS.name(), key.deserializer(),
                Topics.NOTIFICATION_RESULTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldSendEachEmailOnceAndReportItOnceWhenItsRequestComesAgain() throws Exception {
        start(POLICY);
        send(request(2, Kind.TEMPORARY_PASSWORD, "ann@demo.example"));
        send(request(2, Kind.WELCOME, "ann@demo.example"));
        // the same request again (a redelivery, or provisioning's output read twice)
        send(request(2, Kind.TEMPORARY_PASSWORD, "ann@demo.example"));

        assertThat(mailer.attempts).containsExactly("ann@demo.example/TEMPORARY_PASSWORD", "ann@demo.example/WELCOME");
        List<TestRecord<String, NotificationResult>> sent = results.readRecordsToList();
        assertThat(sent).extracting(TestRecord::key).containsOnly("demo");
        assertThat(sent).extracting(r -> r.value().kind()).containsExactly(Kind.TEMPORARY_PASSWORD, Kind.WELCOME);
        assertThat(sent).allSatisfy(r -> assertThat(r.value().sent()).isTrue());
        assertThat(sentStore().get("demo|i1|0000002|TEMPORARY_PASSWORD").sent()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepEveryEmailWaitingWhileTheServerIsUnreachableAndSendEachOnceWhenItAnswers() throws Exception {
        start(POLICY);
        mailer.down = true;
        for (int row = 2; row <= 6; row++) {
            send(request(row, Kind.WELCOME, "user" + row + "@demo.example"));
        }
        // the first email found the server down; the others did not knock again
        assertThat(mailer.attempts).hasSize(1);
        assertThat(retryStore().approximateNumEntries()).isEqualTo(5);

        // probes after 1 s, then 2 s, then 4 s: one email each time, not five
        driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertThat(mailer.attempts).hasSize(2);
        driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertThat(mailer.attempts).hasSize(2);
        driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertThat(mailer.attempts).hasSize(3);
        assertThat(results.isEmpty()).isTrue();

        // When the server answers again, at the next probe every email goes, once
        mailer.down = false;
        driver.advanceWallClockTime(Duration.ofSeconds(4));
        assertThat(mailer.delivered).containsExactlyInAnyOrder("user2@demo.example/WELCOME", "user3@demo.example/WELCOME",
                "user4@demo.example/WELCOME", "user5@demo.example/WELCOME", "user6@demo.example/WELCOME");
        assertThat(results.readValuesToList()).hasSize(5).allSatisfy(r -> assertThat(r.sent()).isTrue());
        assertThat(retryStore().approximateNumEntries()).isZero();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(mailer.delivered).hasSize(5);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRetryAnEmailRefusedForNowWithoutHoldingBackTheOthersThenGiveItUp() throws Exception {
        start(POLICY);
        mailer.replies.put("busy@demo.example", 451);

        send(request(2, Kind.WELCOME, "busy@demo.example"));
        send(request(3, Kind.WELCOME, "bob@demo.example"));
        // the email after the refused one went at once
        assertThat(mailer.delivered).containsExactly("bob@demo.example/WELCOME");

        driver.advanceWallClockTime(Duration.ofMillis(900));
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("busy")).hasSize(1);
        driver.advanceWallClockTime(Duration.ofMillis(200)); // 1 s after the first refusal
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("busy")).hasSize(2);
        driver.advanceWallClockTime(Duration.ofMillis(2800));
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("busy")).hasSize(2);
        driver.advanceWallClockTime(Duration.ofMillis(300)); // 3 s after the second: the third and last try
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("busy")).hasSize(3);

        // Then it is dead-lettered with the reason, and reported failed
        var dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
            NotificationRequested back = Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer().deserialize("t", r.value());
            assertThat(back).isEqualTo(request(2, Kind.WELCOME, "busy@demo.example"));
            assertThat(header(r.headers(), "__streams.errors.message")).contains("451 4.3.0", "tried 3 times");
            assertThat(header(r.headers(), "__streams.errors.exception")).endsWith("SMTPAddressFailedException");
            assertThat(header(r.headers(), "__streams.errors.topic")).isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
            assertThat(header(r.headers(), "__streams.errors.offset")).isEqualTo("0");
        });
        List<NotificationResult> reported = results.readValuesToList();
        assertThat(reported).extracting(NotificationResult::to, NotificationResult::sent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob@demo.example", true),
                        org.assertj.core.groups.Tuple.tuple("busy@demo.example", false));
        assertThat(reported.get(1).failure()).contains("451");

        // and it is not tried again, even when asked again
        send(request(2, Kind.WELCOME, "busy@demo.example"));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("busy")).hasSize(3);
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveUpAtOnceAnEmailTheServerRefusesWithA5xxReplyAndGoOn() throws Exception {
        start(POLICY);
        mailer.replies.put("unknown@demo.example", 550);

        send(request(2, Kind.TEMPORARY_PASSWORD, "unknown@demo.example"));
        send(request(3, Kind.TEMPORARY_PASSWORD, "bob@demo.example"));
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        assertThat(mailer.attempts).containsExactly("unknown@demo.example/TEMPORARY_PASSWORD",
                "bob@demo.example/TEMPORARY_PASSWORD");
        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r -> {
            assertThat(header(r.headers(), "__streams.errors.message")).startsWith("mail server replied 550 5.1.1");
            // the request as it came: its password still sealed
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"sealedPassword\":\"sealed\"");
        });
        assertThat(results.readValuesToList()).extracting(NotificationResult::to, NotificationResult::sent,
                NotificationResult::failure).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("unknown@demo.example", false,
                                "mail server replied 550 5.1.1 user unknown"),
                        org.assertj.core.groups.Tuple.tuple("bob@demo.example", true, null));
        assertThat(sentStore().get("demo|i1|0000002|TEMPORARY_PASSWORD").failure()).contains("550");
    }

    @Test
    void shouldGiveUpTheEmailsThatWaitedLongerThanAllowedForTheServer() throws Exception {
        start(POLICY);
        mailer.down = true;
        send(request(2, Kind.WELCOME, "ann@demo.example"));
        send(request(3, Kind.WELCOME, "bob@demo.example"));

        driver.advanceWallClockTime(Duration.ofMinutes(59));
        assertThat(results.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(results.readValuesToList()).hasSize(2).allSatisfy(r -> {
            assertThat(r.sent()).isFalse();
            assertThat(r.failure()).startsWith("not sent after waiting PT1H: mail server unreachable")
                    .contains("Connection refused");
        });
        assertThat(deadLetters.readRecordsToList()).hasSize(2);
        assertThat(retryStore().approximateNumEntries()).isZero();
        mailer.down = false;
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(mailer.delivered).isEmpty();
    }

    @Test
    void shouldForgetTheRecordOfAnEmailAfterTheTimeToKeepIt() throws Exception {
        start(POLICY);
        send(request(2, Kind.WELCOME, "ann@demo.example"));
        driver.advanceWallClockTime(Duration.ofDays(29));
        assertThat(sentStore().get("demo|i1|0000002|WELCOME")).isNotNull();

        driver.advanceWallClockTime(Duration.ofDays(2));

        assertThat(sentStore().get("demo|i1|0000002|WELCOME")).isNull();
    }

    @Test
    void shouldDeadLetterARequestWithoutRecipientAndSendTheNextOne() throws Exception {
        start(POLICY);
        requests.pipeInput("demo", new NotificationRequested("i1", "demo", 2, Kind.WELCOME, null, null, "Ann", "Demo", null));
        send(request(3, Kind.WELCOME, "bob@demo.example"));

        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r -> assertThat(
                header(r.headers(), "__streams.errors.message")).contains("without import id, account id, kind or recipient"));
        assertThat(mailer.delivered).containsExactly("bob@demo.example/WELCOME");
    }

    @Test
    void shouldSendAGivenUpEmailAgainOnceWhenAnOperatorAsksAndReportWhatItDid() throws Exception {
        // Given an import with two emails given up (550), and one sent
        start(POLICY);
        mailer.replies.put("unknown@demo.example", 550);
        mailer.replies.put("gone@demo.example", 550);
        send(request(2, Kind.TEMPORARY_PASSWORD, "unknown@demo.example"));
        send(request(3, Kind.WELCOME, "bob@demo.example"));
        send(request(4, Kind.WELCOME, "gone@demo.example"));
        assertThat(results.readValuesToList()).extracting(NotificationResult::sent).containsExactly(false, true, false);
        mailer.attempts.clear();

        // When the first mailbox exists now, and an operator asks for the import's given-up emails again
        mailer.replies.remove("unknown@demo.example");
        var resends = driver.createInputTopic(Topics.EMAIL_RESENDS.name(), Serdes.String().serializer(),
                Topics.EMAIL_RESENDS.valueSerde().serializer());
        resends.pipeInput("demo", new EmailResendRequested("r1", "demo", "i1", null, null, "ops"));

        // Then each given-up email was tried once more: one sent (its result says it is a re-send), one refused again
        assertThat(mailer.attempts).containsExactly("unknown@demo.example/TEMPORARY_PASSWORD", "gone@demo.example/WELCOME");
        assertThat(results.readValuesToList()).extracting(NotificationResult::row, NotificationResult::sent,
                NotificationResult::isResend).containsExactly(org.assertj.core.groups.Tuple.tuple(2, true, true),
                        org.assertj.core.groups.Tuple.tuple(4, false, true));
        ResendReport first = reports().get("demo|r1");
        assertThat(first.emails()).extracting(ResendReport.Email::row, ResendReport.Email::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, ResendReport.Outcome.SENT_AGAIN),
                org.assertj.core.groups.Tuple.tuple(4, ResendReport.Outcome.FAILED_AGAIN));
        assertThat(first.emails().get(1).detail()).startsWith("mail server replied 550");
        assertThat(sentStore().get("demo|i1|0000002|TEMPORARY_PASSWORD").sent()).isTrue();

        // and a second request, or the first read again, sends nothing and publishes nothing
        mailer.replies.remove("gone@demo.example");
        resends.pipeInput("demo", new EmailResendRequested("r2", "demo", "i1", null, null, "ops"));
        resends.pipeInput("demo", new EmailResendRequested("r1", "demo", "i1", null, null, "ops"));
        resends.pipeInput("demo", new EmailResendRequested("r3", "demo", "i1", 4, Kind.WELCOME, "ops"));
        assertThat(mailer.attempts).hasSize(2);
        assertThat(results.isEmpty()).isTrue();
        assertThat(reports().get("demo|r2").emails()).extracting(ResendReport.Email::row, ResendReport.Email::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, ResendReport.Outcome.RESENT_BEFORE),
                        org.assertj.core.groups.Tuple.tuple(4, ResendReport.Outcome.RESENT_BEFORE));
        assertThat(reports().get("demo|r3").emails()).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(ResendReport.Outcome.RESENT_BEFORE));
        assertThat(reports().get("demo|r1")).isEqualTo(first);
    }

    @Test
    void shouldSendABatchOnceItFillsUpAndTheRestAtTheNextPunctuation() throws Exception {
        start(policy(5));
        for (int row = 2; row <= 5; row++) {
            send(request(row, Kind.WELCOME, "user" + row + "@demo.example"));
        }
        // four requests recorded in the outbox, none sent yet
        assertThat(mailer.attempts).isEmpty();
        assertThat(outboxStore().approximateNumEntries()).isEqualTo(4);

        // the fifth fills the batch: the five go
        send(request(6, Kind.WELCOME, "user6@demo.example"));
        assertThat(mailer.delivered).hasSize(5);
        assertThat(results.readValuesToList()).hasSize(5).allSatisfy(r -> assertThat(r.sent()).isTrue());
        assertThat(outboxStore().approximateNumEntries()).isZero();

        // two more wait for the punctuation (the one right after a batch sent from process() sends nothing)
        send(request(7, Kind.WELCOME, "user7@demo.example"));
        send(request(8, Kind.WELCOME, "user8@demo.example"));
        assertThat(mailer.delivered).hasSize(5);
        driver.advanceWallClockTime(Duration.ofMillis(10));
        driver.advanceWallClockTime(Duration.ofMillis(10));
        assertThat(mailer.delivered).hasSize(7).doesNotHaveDuplicates();
        assertThat(results.readValuesToList()).extracting(NotificationResult::row).containsExactly(7, 8);
        assertThat(outboxStore().approximateNumEntries()).isZero();
    }

    @Test
    void shouldSendARequestRepeatedInsideOneBatchOnce() throws Exception {
        start(policy(5));
        send(request(2, Kind.TEMPORARY_PASSWORD, "ann@demo.example"));
        send(request(2, Kind.TEMPORARY_PASSWORD, "ann@demo.example"));
        send(request(2, Kind.WELCOME, "ann@demo.example"));
        send(request(2, Kind.TEMPORARY_PASSWORD, "ann@demo.example"));
        for (int row = 3; row <= 5; row++) {
            send(request(row, Kind.WELCOME, "user" + row + "@demo.example"));
        }

        assertThat(mailer.attempts).hasSize(5).doesNotHaveDuplicates();
        // one recipient's emails in the order asked for: the password before the welcome
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("ann@")).containsExactly(
                "ann@demo.example/TEMPORARY_PASSWORD", "ann@demo.example/WELCOME");
        assertThat(results.readValuesToList()).hasSize(5);
        assertThat(sentStore().get("demo|i1|0000002|TEMPORARY_PASSWORD").sent()).isTrue();
    }

    @Test
    void shouldKeepTheUnsentEmailsOfABatchWaitingWhenTheServerGoesDownMidBatchAndSendEachOnceLater() throws Exception {
        start(policy(10));
        mailer.downAfter = 4;
        for (int row = 2; row <= 11; row++) {
            send(request(row, Kind.WELCOME, "user" + row + "@demo.example"));
        }
        // four went before the server went away; the six others wait, recorded as not sent
        assertThat(mailer.delivered).hasSize(4);
        assertThat(results.readValuesToList()).hasSize(4).allSatisfy(r -> assertThat(r.sent()).isTrue());
        assertThat(retryStore().approximateNumEntries()).isEqualTo(6);
        assertThat(outboxStore().approximateNumEntries()).isZero();
        assertThat(deadLetters.isEmpty()).isTrue();

        // When the server is back
        mailer.downAfter = Integer.MAX_VALUE;
        mailer.down = false;
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then the six went, and none of the ten twice
        assertThat(mailer.delivered).hasSize(10).doesNotHaveDuplicates();
        assertThat(results.readValuesToList()).hasSize(6).allSatisfy(r -> assertThat(r.sent()).isTrue());
        assertThat(retryStore().approximateNumEntries()).isZero();
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(mailer.delivered).hasSize(10);
    }

    @Test
    void shouldTryAgainAtOnceAnEmailWhoseConnectionWentStaleWhileTheOthersGo() throws Exception {
        start(policy(3));
        mailer.staleOnce.add("user3@demo.example");
        for (int row = 2; row <= 4; row++) {
            send(request(row, Kind.WELCOME, "user" + row + "@demo.example"));
        }
        // the others of the batch went: the server answers, so the gate stays open and the next batch goes at once
        assertThat(mailer.delivered).containsExactlyInAnyOrder("user2@demo.example/WELCOME", "user4@demo.example/WELCOME");
        for (int row = 5; row <= 7; row++) {
            send(request(row, Kind.WELCOME, "user" + row + "@demo.example"));
        }
        assertThat(mailer.delivered).hasSize(5);
        assertThat(retryStore().get("demo|i1|0000003|WELCOME").lastFailure()).contains("Connection reset");

        // the punctuation after a batch sent from process() sends nothing; the next one tries it again, once
        driver.advanceWallClockTime(Duration.ofMillis(100));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(mailer.delivered).hasSize(6).contains("user3@demo.example/WELCOME");
        assertThat(mailer.attempts).filteredOn(a -> a.startsWith("user3@")).hasSize(2);
        assertThat(results.readValuesToList()).hasSize(6).allSatisfy(r -> assertThat(r.sent()).isTrue());
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private KeyValueStore<String, ResendReport> reports() {
        return driver.getKeyValueStore(EmailDelivery.RESEND_REPORTS_STORE);
    }

    private void send(NotificationRequested request) {
        requests.pipeInput(request.accountId(), request);
    }

    private KeyValueStore<String, SentEmail> sentStore() {
        return driver.getKeyValueStore(EmailDelivery.SENT_STORE);
    }

    private KeyValueStore<String, PendingEmail> outboxStore() {
        return driver.getKeyValueStore(EmailDelivery.OUTBOX_STORE);
    }

    private KeyValueStore<String, PendingEmail> retryStore() {
        return driver.getKeyValueStore(EmailDelivery.RETRY_STORE);
    }

    private static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static NotificationRequested request(int row, Kind kind, String to) {
        return new NotificationRequested("i1", "demo", row, kind, to, to, "User " + row, "Demo Company",
                kind == Kind.TEMPORARY_PASSWORD ? "sealed" : null);
    }

    /**
     * Sends nothing; fails as the real mailer does: server down, or a reply code for one recipient.
     * Called from the sending pool's threads, side by side.
     */
    static final class ScriptedMailer implements Mailer {
        final List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> replies = new java.util.concurrent.ConcurrentHashMap<>();
        /** Recipients whose next email finds its connection gone (a stale connection): it fails once, not sent. */
        final java.util.Set<String> staleOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** When set, the server goes down once this many emails were delivered. */
        volatile int downAfter = Integer.MAX_VALUE;
        volatile boolean down;

        @Override
        public void send(NotificationRequested request) {
            String what = request.to() + "/" + request.kind();
            attempts.add(what);
            if (staleOnce.remove(request.to())) {
                throw new MailSendException("Mail server connection failed",
                        new MessagingException("[EOF]", new java.net.SocketException("Connection reset")));
            }
            if (down) {
                throw new MailSendException("Mail server connection failed",
                        new MessagingException("Couldn't connect to host, port: 127.0.0.1, 3025; timeout 5000",
                                new ConnectException("Connection refused")));
            }
            Integer code = replies.get(request.to());
            if (code != null) {
                try {
                    var refused = new SMTPAddressFailedException(new InternetAddress(request.to()),
                            "RCPT TO:<" + request.to() + ">", code, code + (code < 500 ? " 4.3.0 try again later" : " 5.1.1 user unknown"));
                    throw new MailSendException(Map.of(new Object(), new SendFailedException("Invalid Addresses", refused)));
                } catch (jakarta.mail.internet.AddressException e) {
                    throw new IllegalStateException(e);
                }
            }
            synchronized (this) {
                if (delivered.size() >= downAfter) {
                    down = true; // from now on, every email finds the server gone
                } else {
                    delivered.add(what);
                    return;
                }
            }
            throw new MailSendException("Mail server connection failed",
                    new MessagingException("Couldn't connect to host, port: 127.0.0.1, 3025; timeout 5000",
                            new ConnectException("Connection refused")));
        }
    }
}
