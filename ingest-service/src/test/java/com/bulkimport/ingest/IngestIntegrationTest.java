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
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Json;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.testing.IngestApi;

import tools.jackson.databind.JsonNode;

/**
 * The ingest service alone on a real broker: what it publishes for an upload, what it refuses, and
 * how its view follows the results other services publish (played here by a test producer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        IngestApplication.CONFIG, "bulkimport.kafka.partitions=3",
        "bulkimport.kafka.state-dir=${java.io.tmpdir}/ingest-it-${random.uuid}", "bulkimport.upload.max-rows=5",
        "bulkimport.progress.heartbeat=500ms" })
@EmbeddedPipelineKafka
@ActiveProfiles("local")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIntegrationTest {

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    UserDetailsService administrators;

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
    void shouldAnswerReadyOnceItsViewRuns() throws Exception {
        // The readiness group (what ./run.sh waits for) includes the Kafka Streams health: 200 once it runs, without signing in
        var http = java.net.http.HttpClient.newHttpClient();
        var readiness = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
        KafkaTestSupport.await("readiness answers 200", Duration.ofSeconds(60), () -> {
            try {
                return http.send(readiness, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void shouldKeepCheckingBasicCredentialsWithoutBcryptAfterTheFirstSignIn() throws Exception {
        // Given the demo administrator signed in over HTTP Basic, more than once
        var api = admin();
        assertThat(api.get("/api/accounts/demo/template").statusCode()).isEqualTo(200);

        // Then the stored password was not "upgraded" to BCrypt: every later request of a program
        // would otherwise cost a BCrypt check (issue 13: status polls starved the pipeline's CPU)
        assertThat(administrators.loadUserByUsername("demo-admin").getPassword()).startsWith("{noop}");
        assertThat(administrators).isNotInstanceOf(UserDetailsPasswordService.class);
        assertThat(context.getBeanProvider(UserDetailsPasswordService.class).getIfAvailable()).isNull();
        // and wrong credentials are still refused
        assertThat(new IngestApi("http://127.0.0.1:" + port, "demo-admin", "wrong")
                .get("/api/accounts/demo/template").statusCode()).isEqualTo(401);
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
                new RowValidated(running, "demo", 2, List.of()),
                new RowValidated(running, "demo", 3, List.of(new RowError(3, "Email Address (Mandatory)", "bob@demo",
                        ErrorCode.EMAIL_INVALID, "not valid", null)))), RowValidated::accountId);
        kafka.sendInOneTransaction(Topics.IMPORT_GATES, List.of(new ImportGateDecided(running, "demo",
                ImportGateDecided.Outcome.VALIDATION_FAILED, List.of())), ImportGateDecided::accountId);

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

    @Test
    @Order(3)
    void shouldAnswerEveryRefusalAsProblemDetailsWithoutAStackTrace() throws Exception {
        var api = admin();
        String base = "http://127.0.0.1:" + port;
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("demo-admin:demo-admin".getBytes());
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<java.net.http.HttpRequest.Builder, Boolean, java.net.http.HttpResponse<String>> send = (b, auth) -> {
            try {
                return http.send((auth ? b.header("Authorization", basic) : b).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        java.util.function.Function<String, java.net.http.HttpRequest.Builder> at = path -> java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(base + path));

        // larger than the limit: refused by the servlet while it arrives, naming the limit
        var tooLarge = api.upload("demo", "big.csv", HEADER + "A,a@x.example\r\n".repeat(200_000), "");
        assertProblem(tooLarge, 413, "FILE_TOO_LARGE");
        assertThat(tooLarge.body()).contains("2097152");
        assertProblem(send.apply(at.apply("/api/no-such-path"), true), 404, "NOT_FOUND");
        assertProblem(send.apply(at.apply("/api/accounts/demo/template").DELETE(), true), 405, "METHOD_NOT_ALLOWED");
        assertProblem(send.apply(at.apply("/api/accounts/demo/imports").header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")), true), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(send.apply(at.apply("/api/accounts/demo/imports").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n")),
                true), 400, "BAD_REQUEST");
        assertProblem(api.upload("demo", "x.csv", HEADER + "A,a@x.example\r\n", "?validateOnly=maybe"), 400, "BAD_REQUEST");
        assertProblem(api.upload("demo", "x.csv", HEADER + "A,a@x.example\r\n",
                "?passwordDelivery=SPECIFIED_ADDRESS&passwordAddress=ops@localhost"), 400, "INVALID_OPTION");
        // a change from a browser without the CSRF token
        assertProblem(send.apply(at.apply("/api/accounts/demo/imports").POST(java.net.http.HttpRequest.BodyPublishers.noBody()), false),
                403, "CSRF_TOKEN_MISSING");
        assertProblem(send.apply(at.apply("/api/accounts/demo/template"), false), 401, "UNAUTHENTICATED");
    }

    private static void assertProblem(java.net.http.HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(answer.body());
        assertThat(problem.get("errors").get(0).get("code").asString()).isEqualTo(code);
        assertThat(answer.body()).doesNotContain("Exception", "\tat ", "trace");
    }

    @Test
    @Order(4)
    void shouldSignInWithTheFormAndRequireTheCsrfTokenOnEveryChange() throws Exception {
        admin();
        var browser = new BrowserSession("http://127.0.0.1:" + port);

        // Given a browser without a session: the page sends it to sign in, the API answers 401 without a Basic challenge
        var page = browser.get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        var signedOut = browser.get("/api/me");
        assertThat(signedOut.statusCode()).isEqualTo(401);
        assertThat(signedOut.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(signedOut.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        // and the sign-in page carries the policy against inline scripts
        var signIn = browser.get("/login");
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'").doesNotContain("unsafe-inline"));

        // When the form is sent without its CSRF token, or with a wrong password, no session is made
        assertThat(browser.postForm("/login", "username=demo-admin&password=demo-admin").statusCode()).isEqualTo(403);
        JsonNode csrf = Json.MAPPER.readTree(browser.get("/api/csrf").body());
        String token = csrf.get("token").asString();
        var wrong = browser.postForm("/login", "username=demo-admin&password=nope&_csrf=" + token);
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);

        // When it is sent with the token and the right password
        var signedIn = browser.postForm("/login", "username=demo-admin&password=demo-admin&_csrf=" + token);

        // Then the page opens, and /api/me names the administrator, the accounts granted and a new token
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        JsonNode me = Json.MAPPER.readTree(browser.get("/api/me").body());
        assertThat(me.get("name").asString()).isEqualTo("demo-admin");
        assertThat(me.get("accounts").findValuesAsString("accountId")).containsExactly("demo", "demo-small");
        assertThat(me.get("accounts").get(1).get("missingServices").toString()).contains("MEET", "SHARE");
        String sessionToken = me.get("csrf").get("token").asString();
        String header = me.get("csrf").get("headerName").asString();

        // and a change without the token is refused, with it accepted (the file checks alone: nothing published)
        String csv = HEADER + "Ann,ann@small.example\r\n";
        assertThat(browser.postFile("/api/accounts/demo-small/file-checks", csv, null, null).statusCode()).isEqualTo(403);
        var checked = browser.postFile("/api/accounts/demo-small/file-checks", csv, header, sessionToken);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(checked.body()).get("rowCount").asInt()).isEqualTo(1);
        var refused = browser.postFile("/api/accounts/demo-small/file-checks", "Display Name\r\nA\r\n", header, sessionToken);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("UNKNOWN_COLUMN");

        // When the administrator signs out, the session is gone
        var out = browser.postForm("/logout", "_csrf=" + sessionToken);
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?signed-out"));
        assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void shouldShowAnImportThePipelineRefusedAsEndedNamingTheRunningOneAndLetTheNextStart() throws Exception {
        var api = admin();
        // Given an import accepted by another ingest instance (published straight to Kafka, past this one's check)
        String importId = "refused-" + java.util.UUID.randomUUID();
        var kafka = new KafkaTestSupport(broker.getBrokersAsString());
        kafka.sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, List.of(
                new ImportSubmission.ImportRequested(importId, "demo-small", "small-admin", "late.csv", 2, List.of(),
                        com.bulkimport.events.ImportOptions.defaults(), List.of(), java.time.Instant.now()),
                new ImportSubmission.RowSubmitted(importId, "demo-small", 2, java.util.Map.of("Email Address (Mandatory)", "x@small.example")),
                new ImportSubmission.RowSubmitted(importId, "demo-small", 3, java.util.Map.of("Email Address (Mandatory)", "y@small.example"))),
                ImportSubmission::accountId);

        // When validation refuses it: another import of the account was running
        kafka.sendInOneTransaction(Topics.IMPORT_GATES, List.of(ImportGateDecided.rejectedImportRunning(importId,
                "demo-small", "running-import")), ImportGateDecided::accountId);

        // Then its status says so, for good, with the catalogue's code and a sentence naming the running import
        String path = "/api/accounts/demo-small/imports/" + importId;
        KafkaTestSupport.await("the view has the import", Duration.ofSeconds(30), () -> {
            try {
                return api.get(path).statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode status = api.awaitStatus(path, Duration.ofSeconds(30), "REJECTED_IMPORT_RUNNING");
        assertThat(status.get("runningImportId").asString()).isEqualTo("running-import");
        assertThat(status.get("refusal").get("code").asString()).isEqualTo("IMPORT_RUNNING");
        assertThat(status.get("refusal").get("message").asString()).contains("Import running-import of this account")
                .contains("refused");
        assertThat(status.get("counts").get("validated").asInt()).isZero();
        // and its progress stream answers the final status at once, then ends
        assertThat(api.stream(path + "/progress").body().filter(l -> l.startsWith("data:")).toList()).singleElement()
                .asString().contains("\"REJECTED_IMPORT_RUNNING\"");
        // and it does not hold the account: the next upload is accepted
        var next = api.upload("demo-small", "next.csv", HEADER + "Fay,fay@small.example\r\n", "?validateOnly=true");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
    }

    @Test
    @Order(5)
    void shouldStreamProgressUntilTheFinalStatusWithHeartbeats() throws Exception {
        var api = admin();
        var accepted = api.upload("demo-small", "stream.csv", HEADER + "Di,di@small.example\r\nEd,ed@small.example\r\n",
                "?validateOnly=true");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String importId = Json.MAPPER.readTree(accepted.body()).get("importId").asString();
        String path = "/api/accounts/demo-small/imports/" + importId + "/progress";

        // Given an open progress stream on an import that is validating
        var stream = api.stream(path);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        Thread reader = new Thread(() -> {
            stream.body().forEach(lines::add);
            lines.add("<end of stream>");
        });
        reader.setDaemon(true);
        reader.start();
        // Then its first event is the current state at once, then heartbeats while nothing changes
        JsonNode first = nextEvent(lines);
        assertThat(first.get("status").asString()).isEqualTo("VALIDATING");
        assertThat(first.has("errors")).isFalse();
        assertThat(nextLine(lines, l -> l.startsWith(":"))).isEqualTo(":heartbeat");

        // When validation reports the rows and the gate
        var kafka = new KafkaTestSupport(broker.getBrokersAsString());
        kafka.sendInOneTransaction(Topics.ROWS_VALIDATED, List.of(new RowValidated(importId, "demo-small", 2, List.of())),
                RowValidated::accountId);
        kafka.sendInOneTransaction(Topics.ROWS_VALIDATED, List.of(new RowValidated(importId, "demo-small", 3, List.of())),
                RowValidated::accountId);
        kafka.sendInOneTransaction(Topics.IMPORT_GATES, List.of(new ImportGateDecided(importId, "demo-small",
                ImportGateDecided.Outcome.VALIDATED, List.of())), ImportGateDecided::accountId);

        // Then the counts and the final status arrive as events, and the stream ends after the final one
        JsonNode last = first;
        while (!last.get("status").asString().equals("VALIDATED")) {
            JsonNode next = nextEvent(lines);
            assertThat(next).isNotEqualTo(last);
            last = next;
        }
        assertThat(last.get("counts").get("validated").asInt()).isEqualTo(2);
        assertThat(nextLine(lines, l -> l.equals("<end of stream>"))).isEqualTo("<end of stream>");
        reader.join(5000);

        // And an import that has ended answers its final event at once, then ends
        List<String> again = api.stream(path).body().toList();
        assertThat(again.stream().filter(l -> l.startsWith("data:")).toList()).hasSize(1)
                .first().asString().contains("\"VALIDATED\"");
        // and another account's import is not found
        var small = new IngestApi("http://127.0.0.1:" + port, "small-admin", "small-admin");
        String demoImport = api.getJson("/api/accounts/demo/imports").get(0).get("importId").asString();
        assertThat(small.get("/api/accounts/demo/imports/" + demoImport + "/progress").statusCode()).isEqualTo(404);
    }

    /** The data of the next {@code status} event. */
    private static JsonNode nextEvent(java.util.concurrent.BlockingQueue<String> lines) throws Exception {
        nextLine(lines, l -> l.equals("event:status"));
        String data = nextLine(lines, l -> l.startsWith("data:"));
        return Json.MAPPER.readTree(data.substring("data:".length()));
    }

    private static String nextLine(java.util.concurrent.BlockingQueue<String> lines, java.util.function.Predicate<String> wanted)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
            if ("<end of stream>".equals(line)) {
                throw new AssertionError("The stream ended before the line expected");
            }
        }
        throw new AssertionError("No such line in 30 s");
    }

    /** A browser as the page has it: a cookie jar, no Authorization header, redirects not followed. */
    private static final class BrowserSession {
        private final String base;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

        BrowserSession(String base) {
            this.base = base;
        }

        java.net.http.HttpResponse<String> get(String path) throws Exception {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("X-Requested-With", "XMLHttpRequest").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        java.net.http.HttpResponse<String> postForm(String path, String form) throws Exception {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        java.net.http.HttpResponse<String> postFile(String path, String csv, String csrfHeader, String csrfToken)
                throws Exception {
            String boundary = "----page" + java.util.UUID.randomUUID();
            String body = IngestApi.multipartFile(boundary, "users.csv", csv);
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("X-Requested-With", "XMLHttpRequest")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
            if (csrfHeader != null) {
                request.header(csrfHeader, csrfToken);
            }
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }
}
