package com.bulkimport.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.Json;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.TopicSettings;
import com.bulkimport.events.Topics;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.testing.SaslPlainBroker;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The notification service on a cluster that asks for SASL, with nothing set but Spring Boot's
 * own {@code spring.kafka.security.protocol} and {@code spring.kafka.properties.sasl.*}: every
 * client it makes takes them. Its {@code KafkaAdmin} creates the pipeline's topics (with their
 * settings), its Kafka Streams topology reads a request and writes its result ({@code exactly_once_v2},
 * so its producers' transactions and its consumers too), and the operator's re-send request is
 * written by its {@code KafkaTemplate}. With a wrong password, or none, it does not start, and says why.
 * The fixture loader, a tool outside Spring, reaches the same broker with the same client settings.
 */
class SecuredKafkaIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String KEY = PasswordSealer.newKey();
    private static final int SMTP_PORT = NotificationServiceRunner.freePort();

    private static SaslPlainBroker broker;
    private static GreenMail mail;

    @BeforeAll
    static void start() {
        broker = SaslPlainBroker.start();
        mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterAll
    static void stop() {
        if (mail != null) {
            mail.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCreateItsTopicsSendAnEmailAndTakeAnOperatorsRequestOnASaslCluster() throws Exception {
        // Given a broker that takes SASL only, and no topic on it
        KafkaTestSupport kafka = new KafkaTestSupport(broker.client(SaslPlainBroker.USER, SaslPlainBroker.PASSWORD));

        // When the service starts with the cluster's user in spring.kafka.* only
        try (ConfigurableApplicationContext service = startAs(SaslPlainBroker.USER, SaslPlainBroker.PASSWORD)) {

            // Then its admin created every topic of the registry, as the registry keeps each
            try (Admin admin = Admin.create(broker.client(SaslPlainBroker.USER, SaslPlainBroker.PASSWORD))) {
                Map<String, TopicDescription> topics = admin.describeTopics(Topics.allNames()).allTopicNames()
                        .get(10, TimeUnit.SECONDS);
                assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
                ConfigResource accountEvents = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACCOUNT_EVENTS.name());
                Config kept = admin.describeConfigs(List.of(accountEvents)).all().get(10, TimeUnit.SECONDS)
                        .get(accountEvents);
                assertThat(kept.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            }

            // When a welcome email is asked for
            String importId = "sasl-" + UUID.randomUUID().toString().substring(0, 8);
            String to = "ann." + importId + "@demo.example";
            kafka.sendInOneTransaction(Topics.NOTIFICATION_REQUESTS, List.of(new NotificationRequested(importId, "demo", 2,
                    Kind.WELCOME, to, to, "Ann", "Demo Company", null)), NotificationRequested::accountId);

            // Then its streams sent it and wrote its result, read back committed
            var results = kafka.readCommitted(Topics.NOTIFICATION_RESULTS, r -> importId.equals(r.value().importId()),
                    found -> !found.isEmpty(), TIMEOUT);
            assertThat(results).extracting(r -> r.value()).singleElement().extracting(NotificationResult::sent)
                    .isEqualTo(true);
            assertThat(mail.getReceivedMessagesForDomain(to)).hasSize(1);

            // When an operator asks for the import's given-up emails (there are none)
            HttpResponse<String> response = postResend(service, "{\"accountId\":\"demo\",\"importId\":\"" + importId + "\"}");

            // Then the request went through Kafka to the streams, which reported on it
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Map<?, ?> report = Json.MAPPER.readValue(response.body(), Map.class);
            assertThat(report.get("importId")).isEqualTo(importId);
            assertThat(report.get("emails")).isEqualTo(List.of());
        }
    }

    @Test
    void shouldLoadTheDemoFixtureOutsideSpringWithTheSameClientSettings() {
        // Given a broker that takes SASL only; when the fixture loader (a command-line tool) publishes with the user's settings
        Map<String, Object> client = broker.client(SaslPlainBroker.USER, SaslPlainBroker.PASSWORD);
        TopicProvisioner.ensureTopics(client, TopicSettings.of(3, (short) 1));
        int published = FixtureLoader.publish(client, DemoFixture.load());

        // Then its transaction is there to read, committed
        var events = new KafkaTestSupport(client).readCommitted(Topics.ACCOUNT_EVENTS, r -> true,
                found -> found.size() >= published, TIMEOUT);
        assertThat(events).hasSizeGreaterThanOrEqualTo(published);
    }

    @Test
    void shouldNotStartAndSayWhyWhenItsPasswordIsWrong() {
        // Given a broker that takes SASL only; when the service starts with a wrong password, then it stops, saying why
        assertThatThrownBy(() -> startAs(SaslPlainBroker.USER, "not-the-password").close())
                .hasRootCauseInstanceOf(SaslAuthenticationException.class)
                .rootCause().hasMessageContaining("Invalid username or password");
    }

    @Test
    void shouldNotStartWithoutCredentials() {
        // Given a broker that takes SASL only; when the service starts with no spring.kafka.* security, then it stops
        assertThatThrownBy(() -> NotificationServiceRunner.start(broker.bootstrapServers(), SMTP_PORT, KEY,
                NotificationServiceRunner.newStateDir(), shortAdminTimeouts()).close())
                .hasMessageContaining("Could not configure topics");
    }

    private static ConfigurableApplicationContext startAs(String user, String password) {
        String[] security = { "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=PLAIN",
                "--spring.kafka.properties.sasl.jaas.config=" + SaslPlainBroker.jaas(user, password) };
        String[] timeouts = shortAdminTimeouts();
        String[] args = new String[security.length + timeouts.length];
        System.arraycopy(security, 0, args, 0, security.length);
        System.arraycopy(timeouts, 0, args, security.length, timeouts.length);
        return NotificationServiceRunner.start(broker.bootstrapServers(), SMTP_PORT, KEY,
                NotificationServiceRunner.newStateDir(), args);
    }

    /** So that a refused start does not wait for the admin's 30 s defaults (the broker answers in milliseconds). */
    private static String[] shortAdminTimeouts() {
        return new String[] { "--spring.kafka.admin.operation-timeout=10s",
                "--spring.kafka.admin.properties.request.timeout.ms=10000",
                "--spring.kafka.admin.properties.default.api.timeout.ms=10000" };
    }

    private static HttpResponse<String> postResend(ConfigurableApplicationContext service, String json) throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/resendemails")).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
