package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.testing.IngestApi;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * One import end to end on real parts: an embedded KRaft broker, a GreenMail SMTP server, and the
 * four services. An administrator uploads a file over HTTP; the users exist, the {@code user
 * created} events are committed, and the emails are in the mailboxes.
 */
@EmbeddedPipelineKafka
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneImportEndToEndTest {

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory),Subscription License Type";
    private static final Pattern PASSWORD = Pattern.compile("Temporary password: (\\S+)");

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    /** Every log event of the four services, to check that no password was ever logged. */
    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** The temporary passwords the users received, as read from their emails. */
    private static final List<String> emailedPasswords = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static Pipeline pipeline;
    private static IngestApi admin;
    private static String bootstrapServers;

    @BeforeAll
    static void startThePipeline(EmbeddedKafkaBroker broker) throws Exception {
        bootstrapServers = broker.getBrokersAsString();
        Path state = Files.createTempDirectory("e2e-state");
        pipeline = new Pipeline(bootstrapServers, mail.getSmtp().getPort(), state);
        // Captured from here on: Spring Boot has set logging up (it would drop an appender added before).
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        admin = new IngestApi(pipeline.api(), "demo-admin", "demo-admin");
        // The fixture is applied once ingest knows both demo accounts.
        admin.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
        admin.awaitOk("/api/accounts/demo-small/template", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void shouldCreateThreeUsersPublishTheirEventsAndEmailTheirPasswords() throws Exception {
        // Given the demo account's template, filled with three users
        var template = admin.get("/api/accounts/demo/template");
        assertThat(template.statusCode()).isEqualTo(200);
        assertThat(template.body()).startsWith("Display Name (Mandatory),Email Address (Mandatory)").contains("Cloud Extension");
        String csv = HEADER + ",Primary Phone Number (Optional)\r\n"
                + "Ann Lee,ann.lee@demo.example,Essentials,+44 20 7946 0201\r\n"
                + "Bob Ray,bob.ray@demo.example,Advanced,+44 20 7946 0202\r\n"
                + "Cy Fox,cy.fox@demo.example,essentials,+44 20 7946 0203\r\n";

        // When it is uploaded
        var accepted = admin.upload("demo", "three.csv", csv, "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = com.bulkimport.events.Json.MAPPER.readTree(accepted.body());
        String importId = body.get("importId").asString();
        String statusUrl = body.get("statusUrl").asString();
        // the status answers at once
        assertThat(admin.get(statusUrl).statusCode()).isEqualTo(200);

        // Then the import completes with three users created
        JsonNode status = admin.awaitStatus(statusUrl, Duration.ofSeconds(90), "COMPLETED", "VALIDATION_FAILED");
        assertThat(status.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(status.get("counts").get("created").asInt()).isEqualTo(3);
        assertThat(status.get("counts").get("validated").asInt()).isEqualTo(3);
        JsonNode users = admin.getJson(statusUrl + "/users");
        assertThat(users).hasSize(3);
        List<String> extensions = new ArrayList<>();
        users.forEach(u -> extensions.add(u.get("extension").asString()));
        assertThat(extensions).containsExactlyInAnyOrder("101", "102", "103");

        // and three user created events are committed for it
        List<UserCreated> created = readUsersCreated(importId, 3);
        assertThat(created).extracting(UserCreated::email)
                .containsExactlyInAnyOrder("ann.lee@demo.example", "bob.ray@demo.example", "cy.fox@demo.example");

        // and each user got a password email (and a welcome email: demo is not in silent mode, and
        // each user has a primary number, so CONNECT is activated)
        assertThat(mail.waitForIncomingEmail(30_000, 6)).isTrue();
        MimeMessage[] messages = mail.getReceivedMessages();
        List<String> passwordRecipients = new ArrayList<>();
        for (MimeMessage m : messages) {
            if (m.getSubject().contains("temporary password")) {
                passwordRecipients.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
                var matcher = PASSWORD.matcher(GreenMailUtil.getBody(m));
                assertThat(matcher.find()).isTrue();
                assertThat(matcher.group(1)).hasSize(16);
                assertThat(m.getSubject()).doesNotContain(matcher.group(1));
                emailedPasswords.add(matcher.group(1));
            }
        }
        assertThat(passwordRecipients)
                .containsExactlyInAnyOrder("ann.lee@demo.example", "bob.ray@demo.example", "cy.fox@demo.example");
        assertThat(messages).hasSize(6);
        JsonNode done = admin.awaitEmails(statusUrl, 6, Duration.ofSeconds(30));
        assertThat(done.get("emails").get("sent").asInt()).isEqualTo(6);
    }

    @Test
    @Order(2)
    void shouldFailAFileWithABadEmailNamingRowAndColumnAndCreateNothing() throws Exception {
        String csv = HEADER + "\r\n"
                + "Dan Oak,dan.oak@demo.example,Essentials\r\n"
                + "Eve Ash,eve.ash-at-demo.example,Essentials\r\n";

        var accepted = admin.upload("demo", "bad.csv", csv, "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = com.bulkimport.events.Json.MAPPER.readTree(accepted.body());
        String importId = body.get("importId").asString();

        JsonNode status = admin.awaitStatus(body.get("statusUrl").asString(), Duration.ofSeconds(60),
                "VALIDATION_FAILED", "COMPLETED", "IN_PROGRESS");
        assertThat(status.get("status").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(status.get("errors")).hasSize(1);
        JsonNode error = status.get("errors").get(0);
        assertThat(error.get("row").asInt()).isEqualTo(3);
        assertThat(error.get("column").asString()).isEqualTo("Email Address (Mandatory)");
        assertThat(error.get("value").asString()).isEqualTo("eve.ash-at-demo.example");
        assertThat(error.get("code").asString()).isEqualTo("EMAIL_INVALID");
        assertThat(status.get("counts").get("created").asInt()).isZero();
        assertThat(admin.getJson(body.get("statusUrl").asString() + "/users")).isEmpty();
        assertThat(readUsersCreated(importId, 0)).isEmpty();

        // and the failed row exports in the template's format, with its reason, and uploads again as it is
        var export = admin.get(body.get("statusUrl").asString() + "/errors.csv");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).startsWith("\uFEFF");
        String[] lines = export.body().substring(1).split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("\"Display Name (Mandatory)\",\"Email Address (Mandatory)\"").endsWith(",\"Import Errors\"");
        assertThat(lines[1]).startsWith("\"Eve Ash\",\"eve.ash-at-demo.example\",\"Essentials\"").contains("not a valid email address");
        String fixed = export.body().replace("eve.ash-at-demo.example", "eve.ash@demo.example");
        var again = admin.upload("demo", "errors-fixed.csv", fixed, "");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        JsonNode reUploaded = admin.awaitStatus(com.bulkimport.events.Json.MAPPER.readTree(again.body()).get("statusUrl").asString(),
                Duration.ofSeconds(60), "COMPLETED", "VALIDATION_FAILED");
        assertThat(reUploaded.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(reUploaded.get("counts").get("created").asInt()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void shouldHideAnotherAccountsImportsBehindNotFound() throws Exception {
        var smallAdmin = new IngestApi(pipeline.api(), "small-admin", "small-admin");
        assertThat(smallAdmin.get("/api/accounts/demo/template").statusCode()).isEqualTo(404);
        assertThat(smallAdmin.get("/api/accounts/demo/imports").statusCode()).isEqualTo(404);
        assertThat(smallAdmin.get("/api/accounts/demo-small/template").body()).doesNotContain("Cloud Extension");
        assertThat(new IngestApi(pipeline.api(), "demo-admin", "wrong").get("/api/accounts/demo/template").statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(4)
    void shouldNeverLogOrPublishAnEmailedPassword() throws Exception {
        // Given the passwords the users of the first import received
        assertThat(emailedPasswords).hasSize(3);

        // Then no record of any topic (changelogs included, aborted transactions included) holds one
        List<String> topics;
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics().names().get().stream().sorted().toList();
        }
        assertThat(topics).contains(Topics.USERS_CREATED.name(), "provisioning-service-directory-users-changelog");
        var records = new KafkaTestSupport(bootstrapServers).readToEndRaw(topics, Duration.ofSeconds(60));
        for (var r : records) {
            StringBuilder text = new StringBuilder()
                    .append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)).append('|')
                    .append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
            r.headers().forEach(h -> text.append('|').append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)));
            for (String password : emailedPasswords) {
                assertThat(text.toString()).as("a record of %s", r.topic()).doesNotContain(password);
            }
        }
        assertThat(records).as("records scanned").hasSizeGreaterThan(1000);

        // and no log line of any service does
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            for (String password : emailedPasswords) {
                assertThat(line).doesNotContain(password);
            }
        }
    }

    @Test
    @Order(5)
    void shouldRunTwoAccountsImportsAtOnceEachWithItsOwnEmails() throws Exception {
        // Given one file for demo and one for demo-small (silent mode, one licence type)
        String demoFile = HEADER + ",Primary Phone Number (Optional)\r\nGil Moss,gil.moss@demo.example,Essentials,+44 20 7946 0204\r\n"
                + "Hal Reed,hal.reed@demo.example,Bridge,+44 20 7946 0205\r\n";
        String smallFile = "Display Name (Mandatory),Email Address (Mandatory)\r\nIda Shaw,ida.shaw@small.example\r\n"
                + "Jon Tate,jon.tate@small.example\r\n";

        // When both are uploaded at once
        var demo = admin.upload("demo", "demo.csv", demoFile, "");
        var small = admin.upload("demo-small", "small.csv", smallFile, "");
        assertThat(demo.statusCode()).as(demo.body()).isEqualTo(202);
        assertThat(small.statusCode()).as(small.body()).isEqualTo(202);

        // Then both complete with their users
        for (var accepted : List.of(demo, small)) {
            String url = com.bulkimport.events.Json.MAPPER.readTree(accepted.body()).get("statusUrl").asString();
            JsonNode status = admin.awaitStatus(url, Duration.ofSeconds(60), "COMPLETED", "VALIDATION_FAILED");
            assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
            assertThat(status.get("counts").get("created").asInt()).isEqualTo(2);
        }
        // and the silent account's users get their password only, the other's a welcome email too
        KafkaTestSupport.await("the four users' emails", Duration.ofSeconds(30), () ->
                mail.getReceivedMessagesForDomain("hal.reed@demo.example").length == 2
                        && mail.getReceivedMessagesForDomain("jon.tate@small.example").length == 1);
        assertThat(mail.getReceivedMessagesForDomain("gil.moss@demo.example")).hasSize(2);
        assertThat(mail.getReceivedMessagesForDomain("ida.shaw@small.example")).hasSize(1)
                .allSatisfy(m -> assertThat(m.getSubject()).contains("temporary password"));
    }

    @Test
    @Order(6)
    void shouldRunOneOfTwoImportsOfAnAccountPublishedAtOnceAndShowTheOtherRefused() throws Exception {
        // Given two imports of demo accepted at once by two ingest instances, published straight to
        // Kafka past this instance's 409 check, back to back: in one transaction, so that validation
        // reads the second before provisioning could have ended the first (the test waits on no clock)
        String first = "first-" + java.util.UUID.randomUUID();
        String second = "second-" + java.util.UUID.randomUUID();
        var kafka = new KafkaTestSupport(bootstrapServers);
        List<ImportSubmission> both = new ArrayList<>(submission(first, "kim.lowe", "lea.marsh"));
        both.addAll(submission(second, "max.nash", "noa.ortiz"));
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, both, ImportSubmission::accountId);

        // Then the first runs to the end: its two users are created
        String firstUrl = "/api/accounts/demo/imports/" + first;
        String secondUrl = "/api/accounts/demo/imports/" + second;
        KafkaTestSupport.await("the view has both imports", Duration.ofSeconds(60), () -> {
            try {
                return admin.get(firstUrl).statusCode() == 200 && admin.get(secondUrl).statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode ran = admin.awaitStatus(firstUrl, Duration.ofSeconds(90), "COMPLETED", "VALIDATION_FAILED",
                "REJECTED_IMPORT_RUNNING");
        assertThat(ran.get("status").asString()).as(ran.toString()).isEqualTo("COMPLETED");
        assertThat(ran.get("counts").get("created").asInt()).isEqualTo(2);
        assertThat(readUsersCreated(first, 2)).hasSize(2);

        // and the second is refused for good, naming the first: none of its rows validated, no user created
        JsonNode refused = admin.awaitStatus(secondUrl, Duration.ofSeconds(60), "REJECTED_IMPORT_RUNNING", "COMPLETED",
                "VALIDATION_FAILED");
        assertThat(refused.get("status").asString()).as(refused.toString()).isEqualTo("REJECTED_IMPORT_RUNNING");
        assertThat(refused.get("runningImportId").asString()).isEqualTo(first);
        assertThat(refused.get("refusal").get("code").asString()).isEqualTo("IMPORT_RUNNING");
        assertThat(refused.get("refusal").get("message").asString()).contains(first);
        assertThat(refused.get("counts").get("validated").asInt() + refused.get("counts").get("failed").asInt()).isZero();
        assertThat(readUsersCreated(second, 0)).isEmpty();
        List<String> gates = kafka.readCommitted(Topics.IMPORT_GATES, r -> r.value().importId().equals(second),
                found -> !found.isEmpty(), Duration.ofSeconds(30)).stream().map(r -> r.value().outcome().name()).toList();
        assertThat(gates).containsExactly("REJECTED_IMPORT_RUNNING");
        assertThat(kafka.readCommitted(Topics.ROWS_VALIDATED, r -> r.value().importId().equals(second),
                found -> false, Duration.ofSeconds(3))).isEmpty();

        // and the account's next import, uploaded over HTTP once the first has completed, runs
        var next = admin.upload("demo", "next.csv", HEADER + "\r\nMax Nash,max.nash@demo.example,Essentials\r\n", "");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
        JsonNode after = admin.awaitStatus(com.bulkimport.events.Json.MAPPER.readTree(next.body()).get("statusUrl").asString(),
                Duration.ofSeconds(60), "COMPLETED", "VALIDATION_FAILED", "REJECTED_IMPORT_RUNNING");
        assertThat(after.get("status").asString()).as(after.toString()).isEqualTo("COMPLETED");
    }

    /** An import of demo as ingest publishes it: its request, then one row per user (name.surname). */
    private static List<ImportSubmission> submission(String importId, String... users) {
        List<ImportSubmission> records = new ArrayList<>();
        records.add(new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", importId + ".csv", users.length,
                List.of(TemplateColumn.DISPLAY_NAME.header(), TemplateColumn.EMAIL.header(),
                        TemplateColumn.LICENCE_TYPE.header()),
                ImportOptions.defaults(), List.of(), java.time.Instant.now()));
        for (int i = 0; i < users.length; i++) {
            records.add(new ImportSubmission.RowSubmitted(importId, "demo", i + 2, java.util.Map.of(
                    TemplateColumn.DISPLAY_NAME.header(), "User " + users[i].replace('.', ' '),
                    TemplateColumn.EMAIL.header(), users[i] + "@demo.example",
                    TemplateColumn.LICENCE_TYPE.header(), "Essentials")));
        }
        return records;
    }

    /** Reads user-created.v1 as a downstream system would (read_committed), keeping one import's events. */
    private static List<UserCreated> readUsersCreated(String importId, int expected) {
        return new KafkaTestSupport(bootstrapServers).readCommitted(Topics.USERS_CREATED,
                r -> r.value().importId().equals(importId), found -> expected > 0 && found.size() >= expected,
                Duration.ofSeconds(expected == 0 ? 5 : 30)).stream().map(r -> r.value()).toList();
    }
}
