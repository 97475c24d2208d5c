package com.bulkimport.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.Topics;
import com.bulkimport.testing.KafkaTestSupport;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The notification service as it runs: its transactional listener against a real embedded KRaft
 * broker, sending over SMTP to a real (GreenMail) server, its results read back {@code read_committed}.
 */
@SpringBootTest(classes = NotificationApplication.class, properties = {
        NotificationApplication.CONFIG, "server.port=0", "bulkimport.kafka.partitions=3",
        "bulkimport.notification.retry-interval-ms=200" })
@EmbeddedKafka(count = 1, partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0" })
class NotificationIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KEY = PasswordSealer.newKey();
    private static final String PASSWORD = "Xy7-pass-Word-99";

    /** Started once, before the Spring context (beforeAll), so that its port is known when the context reads it. */
    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
        registry.add("bulkimport.password-key", () -> KEY);
    }

    @Autowired
    private EmbeddedKafkaBroker broker;

    private KafkaTestSupport kafka;

    @BeforeEach
    void clients() {
        kafka = new KafkaTestSupport(broker.getBrokersAsString());
    }

    @Test
    void shouldEmailTheTemporaryPasswordOnceInTheBodyOnlyAndReportItSent() throws Exception {
        // Given a password request from provisioning, the password sealed for this import and row
        String importId = "it-" + UUID.randomUUID();
        String to = "ann.lee." + shortId() + "@demo.example";
        String sealed = new PasswordSealer(KEY).seal(PASSWORD, PasswordSealer.contextFor(importId, 2));
        NotificationRequested request = new NotificationRequested(importId, "demo", 2, Kind.TEMPORARY_PASSWORD, to, to,
                "Ann Lee", "Demo Company", sealed);

        // When provisioning commits it
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(request), NotificationRequested::accountId);

        // Then its result is committed: sent
        List<ConsumerRecord<String, NotificationResult>> results = kafka.readCommitted(Topics.NOTIFICATION_RESULTS,
                r -> importId.equals(r.value().importId()), found -> !found.isEmpty(), TIMEOUT);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("demo");
            assertThat(r.value().sent()).isTrue();
            assertThat(r.value().kind()).isEqualTo(Kind.TEMPORARY_PASSWORD);
            assertThat(r.value().to()).isEqualTo(to);
            assertThat(r.value().row()).isEqualTo(2);
        });

        // and the mailbox got exactly one email, the password in its body and not in its subject
        List<MimeMessage> received = messagesTo(to);
        assertThat(received).hasSize(1);
        MimeMessage message = received.get(0);
        assertThat(GreenMailUtil.getBody(message)).contains("Temporary password: " + PASSWORD);
        assertThat(message.getSubject()).contains("Demo Company").doesNotContain(PASSWORD);
    }

    @Test
    void shouldDeadLetterAnUnreadableRequestWithItsReasonAndSendTheNextOne() throws Exception {
        // Given a record that is not JSON, on the demo account's partition of the requests
        byte[] garbage = ("{not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        kafka.sendRaw(Topics.NOTIFICATION_REQUESTS.name(), "demo", garbage);

        // When a valid request follows it on the same partition
        String importId = "it-" + UUID.randomUUID();
        String to = "bob.ray." + shortId() + "@demo.example";
        kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(new NotificationRequested(importId, "demo", 3,
                Kind.WELCOME, to, to, "Bob Ray", "Demo Company", null)), NotificationRequested::accountId);

        // Then the partition moved on: the next request is sent and reported
        assertThat(kafka.readCommitted(Topics.NOTIFICATION_RESULTS, r -> importId.equals(r.value().importId()),
                found -> !found.isEmpty(), TIMEOUT)).singleElement()
                .satisfies(r -> assertThat(r.value().sent()).isTrue());
        assertThat(messagesTo(to)).singleElement().satisfies(m -> assertThat(m.getSubject()).contains("Welcome"));

        // and the bad record is in the dead-letter topic, bytes and key as they were, the reason in its headers
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommittedRaw(Topics.DEAD_LETTERS,
                r -> Arrays.equals(r.value(), garbage), found -> !found.isEmpty(), TIMEOUT);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
            Map<String, String> headers = headers(r);
            System.out.println("Dead-letter headers: " + headers.keySet());
            assertThat(headers).containsKeys("kafka_dlt-exception-fqcn", "kafka_dlt-exception-message",
                    "kafka_dlt-exception-stacktrace", "kafka_dlt-original-topic", "kafka_dlt-original-offset");
            assertThat(headers.get("kafka_dlt-exception-fqcn")).endsWith("DeserializationException");
            assertThat(headers.get("kafka_dlt-exception-stacktrace")).contains("Cannot read NotificationRequested");
            assertThat(headers.get("kafka_dlt-original-topic")).isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
        });
    }

    /** The messages GreenMail holds for one recipient, once there is at least one. */
    private static List<MimeMessage> messagesTo(String to) {
        KafkaTestSupport.await("an email to " + to, TIMEOUT, () -> !received(to).isEmpty());
        return received(to);
    }

    private static List<MimeMessage> received(String to) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
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
