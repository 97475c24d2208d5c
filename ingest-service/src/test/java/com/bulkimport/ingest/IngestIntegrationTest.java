package com.bulkimport.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Json;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.testing.IngestApi;

import tools.jackson.databind.JsonNode;

/**
 * The ingest service alone on a real broker: what it publishes for an upload, what it refuses, and
 * how its view follows the results other services publish (played here by a test producer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        IngestApplication.CONFIG, "bulkimport.security.demo-administrators=true", "bulkimport.kafka.partitions=3",
        "bulkimport.kafka.state-dir=${java.io.tmpdir}/ingest-it-${random.uuid}", "bulkimport.upload.max-rows=5" })
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIntegrationTest {

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    private static boolean fixtureLoaded;

    /** The demo administrator's client, once the fixture is loaded and the view knows the demo account. */
    private IngestApi admin() throws Exception {
        if (!fixtureLoaded) {
            TopicProvisioner.ensureTopics(broker.getBrokersAsString(), 3, (short) 1);
            FixtureLoader.publish(broker.getBrokersAsString(), DemoFixture.load());
            fixtureLoaded = true;
        }
        IngestApi api = new IngestApi("http://127.0.0.1:" + port, "demo-admin", "demo-admin");
        api.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
        return api;
    }

    @Test
    @Order(1)
    void shouldPublishTheRequestAndEveryRowInOneTransactionAndAnswerAtOnce() throws Exception {
        // Given a two-row file
        var api = admin();

        // When it is uploaded
        var response = api.upload("demo", "two.csv", HEADER + "Ann,ann@demo.example\r\nBob,bob@demo.example\r\n", "?validateOnly=true");

        // Then the answer is 202 with the import's status address, which answers at once
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = Json.MAPPER.readTree(response.body());
        String importId = accepted.get("importId").asString();
        JsonNode status = api.getJson(accepted.get("statusUrl").asString());
        assertThat(status.get("status").asString()).isEqualTo("VALIDATING");
        assertThat(status.get("rowCount").asInt()).isEqualTo(2);
        assertThat(status.get("options").get("validateOnly").asBoolean()).isTrue();
        // and the request and its rows are committed, in order, on the account's partition
        List<ImportSubmission> published = new KafkaTestSupport(broker.getBrokersAsString()).readCommitted(
                Topics.IMPORT_SUBMISSIONS, r -> r.value().importId().equals(importId), found -> found.size() >= 3,
                Duration.ofSeconds(20)).stream().map(r -> r.value()).toList();
        assertThat(published).hasSize(3);
        assertThat(published.get(0)).isInstanceOf(ImportSubmission.ImportRequested.class);
        assertThat(published.subList(1, 3)).extracting(s -> ((ImportSubmission.RowSubmitted) s).row()).containsExactly(2, 3);
    }

    @Test
    @Order(2)
    void shouldRefuseASecondImportWhileOneIsValidatingThenFollowTheResults() throws Exception {
        var api = admin();
        String running = api.getJson("/api/accounts/demo/imports").get(0).get("importId").asString();

        // When another file comes while the first is validating
        var second = api.upload("demo", "again.csv", HEADER + "Cy,cy@demo.example\r\n", "");

        // Then it is refused with 409, naming the running import
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(second.body()).contains(running);

        // When validation reports a failed row and its gate
        var kafka = new KafkaTestSupport(broker.getBrokersAsString());
        kafka.sendInOneTransaction(Topics.ROWS_VALIDATED, List.of(
                new RowValidated(running, "demo", 2, "Essentials", List.of()),
                new RowValidated(running, "demo", 3, null, List.of(new RowError(3, "Email Address (Mandatory)", "bob@demo",
                        "EMAIL_INVALID", "not valid", null)))), RowValidated::accountId);
        kafka.sendInOneTransaction(Topics.IMPORT_GATES, List.of(new ImportGateDecided(running, "demo",
                ImportGateDecided.Outcome.VALIDATION_FAILED, 2, 1, 1, List.of())), ImportGateDecided::accountId);

        // Then the status shows the failure with the row's error, and a new import is accepted
        JsonNode status = api.awaitStatus("/api/accounts/demo/imports/" + running, Duration.ofSeconds(30), "VALIDATION_FAILED");
        assertThat(status.get("counts").get("validated").asInt()).isEqualTo(1);
        assertThat(status.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(status.get("errors").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(status.get("errors").get(0).get("column").asString()).isEqualTo("Email Address (Mandatory)");
        assertThat(api.upload("demo", "again.csv", HEADER + "Cy,cy@demo.example\r\n", "?validateOnly=true").statusCode())
                .isEqualTo(202);
    }

    @Test
    @Order(3)
    void shouldAnswerBadFilesWithProblemDetailsAndOtherAccountsWithNotFound() throws Exception {
        var api = admin();
        var bad = api.upload("demo-small", "bad.csv", "Display Name,Email Address (Mandatory)\r\nA,a@b.example\r\n", "");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problem = Json.MAPPER.readTree(bad.body());
        assertThat(problem.get("errors").get(0).get("code").asString()).isEqualTo("UNKNOWN_COLUMN");
        assertThat(problem.get("errors").get(0).get("suggestion").asString()).isEqualTo("Display Name (Mandatory)");

        var tooMany = api.upload("demo-small", "many.csv", HEADER + "A,a@x.example\r\n".repeat(6), "");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("TOO_MANY_ROWS");

        var small = new IngestApi("http://127.0.0.1:" + port, "small-admin", "small-admin");
        assertThat(small.get("/api/accounts/demo/imports").statusCode()).isEqualTo(404);
        assertThat(small.upload("demo", "x.csv", HEADER + "A,a@x.example\r\n", "").statusCode()).isEqualTo(404);
        assertThat(admin().get("/api/accounts/no-such-account/template").statusCode()).isEqualTo(404);
    }
}
