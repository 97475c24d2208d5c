package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.Json;
import com.bulkimport.events.Topics;
import com.bulkimport.ingest.IngestApplication;
import com.bulkimport.notification.NotificationApplication;
import com.bulkimport.provisioning.ProvisioningApplication;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.IngestApi;
import com.bulkimport.validation.ValidationApplication;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import tools.jackson.databind.JsonNode;

/**
 * What an operator watches, on real parts (an embedded broker, GreenMail, the four services): each
 * service's {@code /actuator/prometheus}, scraped over HTTP, counts what an import did (rows by
 * state, gates, imports by status, users created, emails sent and waiting, dead letters) and
 * carries the Kafka Streams and client metrics with the consumer lag; and with structured logging
 * on, the log lines about an import are JSON with its account and import id.
 */
@EmbeddedPipelineKafka
@ExtendWith(OutputCaptureExtension.class)
class MetricsAndLogsEndToEndTest {

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory),Subscription License Type,"
            + "Primary Phone Number (Optional)";

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static Pipeline pipeline;
    private static IngestApi admin;
    private static String bootstrapServers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startThePipeline(EmbeddedKafkaBroker broker) throws Exception {
        bootstrapServers = broker.getBrokersAsString();
        pipeline = new Pipeline(bootstrapServers, mail.getSmtp().getPort(), Files.createTempDirectory("metrics-state"),
                Map.of("logging.structured.format.console", "ecs", "logging.config", "classpath:structured-logback.xml"));
        admin = new IngestApi(pipeline.api(), "demo-admin", "demo-admin");
        admin.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldCountWhatTheImportsDidOnEveryServicesPrometheusEndpoint() throws Exception {
        // Given what each service counted before
        Scrapes before = scrapeAll();

        // When a file with one bad row fails validation, a good one of two users completes, and a
        // record that is not JSON arrives on the import submissions
        String failed = upload("bad.csv", "Dan Oak,dan.oak@demo.example,Essentials,\r\nEve Ash,eve-at-demo.example,Essentials,\r\n");
        assertThat(admin.awaitStatus(failed, Duration.ofSeconds(90), "VALIDATION_FAILED", "COMPLETED").get("status")
                .asString()).isEqualTo("VALIDATION_FAILED");
        String completed = upload("good.csv", "Fay Elm,fay.elm@demo.example,Essentials,+44 20 7946 0201\r\n"
                + "Gus Yew,gus.yew@demo.example,Essentials,+44 20 7946 0202\r\n");
        assertThat(admin.awaitStatus(completed, Duration.ofSeconds(90), "COMPLETED", "VALIDATION_FAILED").get("status")
                .asString()).isEqualTo("COMPLETED");
        // two users, each a password email and a welcome email
        admin.awaitEmails(completed, 4, Duration.ofSeconds(60));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.IMPORT_SUBMISSIONS.name(), "demo",
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        awaitDelta(before, "validation", "bulkimport_dead_letters_total", 1, "reason", "unreadable");
        awaitDelta(before, "ingest", "bulkimport_dead_letters_total", 1, "reason", "unreadable");

        // Then each service counted its part, and nothing twice
        Scrapes after = scrapeAll();
        after.keep(Path.of("target", "metrics-scrapes"));
        assertThat(after.delta(before, "validation", "bulkimport_rows_total", "state", "valid")).isEqualTo(3);
        assertThat(after.delta(before, "validation", "bulkimport_rows_total", "state", "invalid")).isEqualTo(1);
        assertThat(after.delta(before, "validation", "bulkimport_imports_gated_total", "outcome", "validation_failed")).isEqualTo(1);
        assertThat(after.delta(before, "validation", "bulkimport_imports_gated_total", "outcome", "released")).isEqualTo(1);
        assertThat(after.delta(before, "provisioning", "bulkimport_rows_total", "state", "created")).isEqualTo(2);
        assertThat(after.delta(before, "provisioning", "bulkimport_created_users_total")).isEqualTo(2);
        assertThat(after.delta(before, "notification", "bulkimport_emails_total", "outcome", "sent")).isEqualTo(4);
        assertThat(after.delta(before, "notification", "bulkimport_emails_total", "outcome", "failed")).isZero();
        assertThat(after.value("notification", "bulkimport_emails_waiting")).isZero();
        assertThat(after.delta(before, "ingest", "bulkimport_imports_total", "status", "validation_failed")).isEqualTo(1);
        assertThat(after.delta(before, "ingest", "bulkimport_imports_total", "status", "completed")).isEqualTo(1);
        assertThat(after.delta(before, "ingest", "bulkimport_imports_total", "status", "validating")).isEqualTo(2);
        // the bad record: counted where it was dead-lettered, by the two services that read the topic
        assertThat(after.delta(before, "provisioning", "bulkimport_dead_letters_total", "reason", "unreadable")).isZero();

        // and every service exports its Kafka Streams metrics and its consumers' lag
        for (String service : List.of("ingest", "validation", "provisioning", "notification")) {
            assertThat(after.text(service)).as(service).contains("kafka_stream_thread_process_total{")
                    .contains("kafka_consumer_fetch_manager_records_lag_max{");
        }
        // and the operator's hand-built producer (re-sends) its own
        assertThat(after.text("notification")).contains("kafka_producer_record_send_total{");
    }

    @Test
    void shouldKeepIngestsMetricsBehindSignIn() throws Exception {
        // A program without credentials, or with wrong ones, is refused; one of a signed-in administrator is answered
        var wrong = new IngestApi(pipeline.api(), "demo-admin", "wrong").get("/actuator/prometheus");
        assertThat(wrong.statusCode()).isEqualTo(401);
        var anonymous = http.send(HttpRequest.newBuilder(URI.create(pipeline.api() + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("sent to sign in").isEqualTo(302);
        var signedIn = admin.get("/actuator/prometheus");
        assertThat(signedIn.statusCode()).as(signedIn.headers() + " " + signedIn.body()).isEqualTo(200);
    }

    @Test
    void shouldWriteJsonLogLinesWithTheAccountAndImportOfTheImportTheyAreAbout(CapturedOutput output) throws Exception {
        // When an import runs with structured logging on
        String statusUrl = upload("logged.csv", "Hal Ivy,hal.ivy@demo.example,Essentials,+44 20 7946 0203\r\n");
        String importId = statusUrl.substring(statusUrl.lastIndexOf('/') + 1);
        admin.awaitStatus(statusUrl, Duration.ofSeconds(90), "COMPLETED", "VALIDATION_FAILED");
        admin.awaitEmails(statusUrl, 2, Duration.ofSeconds(60));

        // Then its log lines are JSON, and those of the upload (ingest) and of its gate (validation)
        // name its account and import
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        List<JsonNode> aboutIt = lines.stream().filter(l -> importId.equals(text(l, "importId"))).toList();
        assertThat(aboutIt).as("JSON lines about import " + importId).isNotEmpty()
                .allSatisfy(l -> assertThat(text(l, "accountId")).isEqualTo("demo"));
        assertThat(aboutIt).extracting(l -> text(l, "message"))
                .anySatisfy(m -> assertThat(m).startsWith("Import accepted"))
                .anySatisfy(m -> assertThat(m).contains("of account demo: RELEASED"));
    }

    private static String text(JsonNode line, String field) {
        JsonNode node = line.get(field);
        return node == null ? null : node.asString();
    }

    /** Uploads rows to the demo account; returns the import's status address. */
    private static String upload(String fileName, String rows) throws Exception {
        var accepted = admin.upload("demo", fileName, HEADER + "\r\n" + rows, "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).get("statusUrl").asString();
    }

    private void awaitDelta(Scrapes before, String service, String name, double delta, String... labels) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (scrapeAll().delta(before, service, name, labels) < delta) {
            assertThat(System.nanoTime()).as(service + " counts " + name + " within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private Scrapes scrapeAll() throws Exception {
        return new Scrapes(Map.of(
                "ingest", scrape(pipeline.api(), true),
                "validation", scrape("http://127.0.0.1:" + pipeline.port(ValidationApplication.class), false),
                "provisioning", scrape("http://127.0.0.1:" + pipeline.port(ProvisioningApplication.class), false),
                "notification", scrape("http://127.0.0.1:" + pipeline.port(NotificationApplication.class), false)));
    }

    /** One scrape, as Prometheus makes it: ingest's with a signed-in caller's credentials, the others' without. */
    private String scrape(String base, boolean signIn) throws Exception {
        HttpResponse<String> answer = signIn ? admin.get("/actuator/prometheus")
                : http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(base + "/actuator/prometheus: " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** Each service's scrape, in Prometheus' text format. */
    private record Scrapes(Map<String, String> byService) {

        /** Kept as files, to read what each service exported when an assertion fails. */
        void keep(Path folder) throws java.io.IOException {
            Files.createDirectories(folder);
            for (var scrape : byService.entrySet()) {
                Files.writeString(folder.resolve(scrape.getKey() + ".txt"), scrape.getValue());
            }
        }

        String text(String service) {
            return byService.get(service);
        }

        double delta(Scrapes before, String service, String name, String... labels) {
            return value(service, name, labels) - before.value(service, name, labels);
        }

        /** The sample of the meter with these labels (and the service's own tag), 0 when there is none yet. */
        double value(String service, String name, String... labels) {
            List<String> wanted = new ArrayList<>(List.of("service=\"" + service + "-service\""));
            for (int i = 0; i < labels.length; i += 2) {
                wanted.add(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            return Arrays.stream(byService.get(service).split("\n"))
                    .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                    .filter(l -> wanted.stream().allMatch(l::contains))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        }
    }
}
