package com.bulkimport.ingest.view;

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
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.Json;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.ingest.IngestApplication;
import com.bulkimport.ingest.security.AccountAccess;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.IngestApi;
import com.bulkimport.testing.KafkaTestSupport;

import tools.jackson.databind.JsonNode;

/**
 * Two ingest instances, one consumer group, on a real broker: each holds some of the view's
 * partitions, and either answers for every account (status, imports, users, both exports,
 * progress, the page's accounts) with the same content, its 202 included: the status of an
 * import is found at the other instance right after its upload's 202. The internal endpoint the
 * two read each other with refuses a call without their shared secret.
 */
@EmbeddedPipelineKafka
class TwoInstancesIntegrationTest {

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";
    private static final String SECRET = "two-instances-test-secret-0123456789abcdef";
    /** Two accounts on each of the 3 partitions (the partition of the account id, as the topics are keyed). */
    private static final List<String> ACCOUNTS = accountsOnEveryPartition(2);

    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private static final Map<String, String> importOf = new LinkedHashMap<>();
    private static String bootstrap;

    @BeforeAll
    static void startTwoInstances(EmbeddedKafkaBroker broker, @TempDir Path state) throws Exception {
        bootstrap = broker.getBrokersAsString();
        TopicProvisioner.ensureTopics(bootstrap, EmbeddedPipelineKafka.PARTITIONS, (short) 1);
        FixtureLoader.publish(bootstrap, DemoFixture.load());
        var kafka = new KafkaTestSupport(bootstrap);
        List<AccountEvent> accounts = new ArrayList<>();
        for (String account : ACCOUNTS) {
            accounts.add(new AccountEvent.SettingsChanged(account, account, false, false, EnumSet.allOf(BundleService.class),
                    3, 6));
            accounts.add(new AccountEvent.LicenceChanged(account, "Standard", 100, 0));
        }
        kafka.sendInOneTransaction(Topics.ACCOUNT_EVENTS, accounts, AccountEvent::accountId);

        instances.add(start(state.resolve("a")));
        instances.add(start(state.resolve("b")));
        // one group of two: each instance runs, and the metadata names both with their addresses
        KafkaTestSupport.await("both instances hold partitions", Duration.ofSeconds(120), () -> instances.stream()
                .allMatch(i -> streams(i).isQueryable()
                        && streams(i).streams().metadataForAllStreamsClients().stream()
                                .filter(m -> !m.topicPartitions().isEmpty()).count() == 2));
        // and the assignment has settled (a rebalance right after the second join moves stores, and
        // calls answer 503 meanwhile, as they should): every account's imports answered by both
        for (int i = 0; i < instances.size(); i++) {
            for (String account : ACCOUNTS) {
                api(i).awaitOk("/api/accounts/" + account + "/imports", Duration.ofSeconds(60));
            }
        }
    }

    private static ConfigurableApplicationContext start(Path state) throws Exception {
        Files.createDirectories(state);
        return new SpringApplicationBuilder(IngestApplication.class).properties(IngestApplication.CONFIG)
                // demo-admin may act on every account of this test (the fixture grants it two)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("everyTestAccount",
                        AccountAccess.class, () -> AccountAccess.byName(Map.of("demo-admin", ACCOUNTS)),
                        definition -> ((AbstractBeanDefinition) definition).setPrimary(true)))
                .run("--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=0",
                        "--bulkimport.kafka.partitions=" + EmbeddedPipelineKafka.PARTITIONS,
                        "--bulkimport.kafka.state-dir=" + state, "--spring.profiles.active=local",
                        "--bulkimport.view.secret=" + SECRET);
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    private static StreamsRunner streams(ConfigurableApplicationContext instance) {
        return instance.getBean("importViewStreams", StreamsRunner.class);
    }

    private static String base(ConfigurableApplicationContext instance) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    private static IngestApi api(int instance) {
        return new IngestApi(base(instances.get(instance)), "demo-admin", "demo-admin");
    }

    @Test
    void shouldAnswerEveryAccountAlikeAtBothInstances() throws Exception {
        // Given the accounts are held by both instances, each in its account id's partition in every store
        Set<HostInfo> holders = new HashSet<>();
        for (String account : ACCOUNTS) {
            KeyQueryMetadata imports = streams(instances.get(0)).streams()
                    .queryMetadataForKey(ImportViewTopology.IMPORTS_STORE, account, Serdes.String().serializer());
            assertThat(imports.partition()).as(account).isEqualTo(partitionOf(account));
            for (String store : List.of(ImportViewTopology.ACCOUNTS_STORE, ImportViewTopology.ROW_ERRORS_STORE,
                    ImportViewTopology.USERS_STORE, ImportViewTopology.ROWS_STORE)) {
                assertThat(streams(instances.get(1)).streams().queryMetadataForKey(store, account,
                        Serdes.String().serializer())).as(store).isEqualTo(imports);
            }
            holders.add(imports.activeHost());
        }
        assertThat(holders).as("both instances hold some of the accounts").hasSize(2);
        assertThat(streams(instances.get(0)).streams().metadataForAllStreamsClients()).extracting(StreamsMetadata::hostInfo)
                .containsExactlyInAnyOrder(instances.stream().map(i -> HostInfo.buildFromEndpoint(
                        base(i).substring("http://".length()))).toArray(HostInfo[]::new));

        // When each account uploads a three-row file, at one instance or the other
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            String account = ACCOUNTS.get(i);
            var accepted = api(i % 2).upload(account, "users.csv",
                    HEADER + "Ann,ann@" + account + ".example\r\nBob,bob@" + account + ".example\r\nCy,cy@" + account
                            + ".example\r\n", "");
            assertThat(accepted.statusCode()).as(account + ": " + accepted.body()).isEqualTo(202);
            String importId = Json.MAPPER.readTree(accepted.body()).get("importId").asString();
            importOf.put(account, importId);
            // Then its status answers at once at the other instance too
            var status = api((i + 1) % 2).get("/api/accounts/" + account + "/imports/" + importId);
            assertThat(status.statusCode()).as(account + " at the other instance: " + status.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(status.body()).get("status").asString()).isEqualTo("VALIDATING");
        }

        // When validation and provisioning report: every other account's last row fails validation;
        // the others are created but for the last row
        var kafka = new KafkaTestSupport(bootstrap);
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            String account = ACCOUNTS.get(i);
            String importId = importOf.get(account);
            boolean fails = i % 2 == 0;
            RowError invalid = new RowError(4, "Email Address (Mandatory)", "cy@" + account + ".example",
                    ErrorCode.EMAIL_INVALID, "not valid here", null);
            kafka.sendInOneTransaction(Topics.ROWS_VALIDATED, List.of(new RowValidated(importId, account, 2, List.of()),
                    new RowValidated(importId, account, 3, List.of()),
                    new RowValidated(importId, account, 4, fails ? List.of(invalid) : List.of())), RowValidated::accountId);
            kafka.sendInOneTransaction(Topics.IMPORT_GATES, List.of(new ImportGateDecided(importId, account,
                    fails ? ImportGateDecided.Outcome.VALIDATION_FAILED : ImportGateDecided.Outcome.RELEASED, List.of())),
                    ImportGateDecided::accountId);
            if (!fails) {
                kafka.sendInOneTransaction(Topics.ROWS_PROVISIONED, List.of(
                        created(importId, account, 2, "ann"), created(importId, account, 3, "bob"),
                        new RowProvisioned(importId, account, 4, RowProvisioned.Outcome.NOT_CREATED, null, null, null,
                                null, null, List.of(), null, List.of(new RowError(4, "Email Address (Mandatory)",
                                        "cy@" + account + ".example", ErrorCode.EMAIL_EXISTS, "in use", null)),
                                List.of())),
                        RowProvisioned::accountId);
            }
        }

        // Then every account's answers are the same at both instances, and what they should be
        for (int i = 0; i < ACCOUNTS.size(); i++) {
            String account = ACCOUNTS.get(i);
            String path = "/api/accounts/" + account + "/imports/" + importOf.get(account);
            boolean fails = i % 2 == 0;
            JsonNode finished = api(0).awaitStatus(path, Duration.ofSeconds(60), fails ? "VALIDATION_FAILED" : "COMPLETED");
            assertThat(finished.get("errorCount").asInt()).isEqualTo(1);
            for (String read : List.of(path, path + "?page=1&size=1", path + "/users", path + "/users?page=1&size=1",
                    path + "/errors.csv", path + "/not-created.csv", "/api/accounts/" + account + "/imports",
                    "/api/accounts/" + account + "/template")) {
                var atA = api(0).get(read);
                var atB = api(1).get(read);
                assertThat(atA.statusCode()).as(read + ": " + atA.body()).isEqualTo(200);
                assertThat(atB.statusCode()).as(read + ": " + atB.body()).isEqualTo(200);
                assertThat(atB.body()).as(read).isEqualTo(atA.body());
            }
            assertThat(api(1).get(path + "/users").body()).contains(fails ? "[]" : "bob@" + account + ".example");
            assertThat(api(1).get(path + "/errors.csv").body()).contains("cy@" + account + ".example")
                    .doesNotContain("ann@" + account + ".example");
            assertThat(api(1).get(path + "/not-created.csv").body()).contains("cy@" + account + ".example");
            if (!fails) { // a created row's outcome is its user (the view does not write the row again)
                assertThat(api(0).get(path + "/not-created.csv").body()).doesNotContain("ann@" + account + ".example")
                        .doesNotContain("bob@" + account + ".example");
            }
            assertThat(progress(0, path)).isEqualTo(progress(1, path)).contains(fails ? "VALIDATION_FAILED" : "COMPLETED");
        }
        var me = Json.MAPPER.readTree(api(1).get("/api/me").body()).get("accounts");
        assertThat(me).hasSize(ACCOUNTS.size());
        assertThat(Json.MAPPER.readTree(api(0).get("/api/me").body()).get("accounts")).isEqualTo(me);
    }

    @Test
    void shouldRefuseTheInternalEndpointWithoutTheSharedSecret() throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String account = ACCOUNTS.get(0);
        for (ConfigurableApplicationContext instance : instances) {
            String address = base(instance) + ViewQueryController.PATH + "/accounts/" + account;
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("no secret", null);
            refused.put("a wrong secret", SECRET.substring(1) + "x");
            refused.put("the secret's prefix", SECRET.substring(0, 10));
            for (var attempt : refused.entrySet()) {
                var request = HttpRequest.newBuilder(URI.create(address));
                if (attempt.getValue() != null) {
                    request.header(RemoteView.SECRET_HEADER, attempt.getValue());
                }
                var answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(attempt.getKey()).isEqualTo(401);
                assertThat(answer.body()).as(attempt.getKey()).contains("UNAUTHENTICATED").doesNotContain(account + "\"");
            }
            // an administrator's own credentials do not open it either
            var admin = http.send(HttpRequest.newBuilder(URI.create(address)).header("Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString("demo-admin:demo-admin".getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(401);
            // with the secret: the account where it is held, 503 where it is not (never an empty answer)
            var peer = http.send(HttpRequest.newBuilder(URI.create(address)).header(RemoteView.SECRET_HEADER, SECRET).build(),
                    HttpResponse.BodyHandlers.ofString());
            KeyQueryMetadata holder = streams(instance).streams().queryMetadataForKey(ImportViewTopology.IMPORTS_STORE,
                    account, Serdes.String().serializer());
            boolean holds = holder.activeHost().port() == ((WebServerApplicationContext) instance).getWebServer().getPort();
            assertThat(peer.statusCode()).as(peer.body()).isEqualTo(holds ? 200 : 503);
            if (holds) {
                assertThat(Json.MAPPER.readTree(peer.body()).get("accountId").asString()).isEqualTo(account);
            }
        }
    }

    /** The first event of the import's progress stream at one instance. */
    private static String progress(int instance, String path) throws Exception {
        var stream = api(instance).stream(path + "/progress");
        assertThat(stream.statusCode()).isEqualTo(200);
        try (var lines = stream.body()) {
            return lines.filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        }
    }

    private static RowProvisioned created(String importId, String account, int row, String name) {
        return new RowProvisioned(importId, account, row, RowProvisioned.Outcome.CREATED, "user-" + name,
                name + "@" + account + ".example", name, "Standard", "10" + row, List.of(), null, List.of(), List.of());
    }

    private static int partitionOf(String account) {
        return Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % EmbeddedPipelineKafka.PARTITIONS;
    }

    private static List<String> accountsOnEveryPartition(int each) {
        Map<Integer, List<String>> byPartition = new java.util.TreeMap<>();
        for (int n = 0; byPartition.values().stream().mapToInt(List::size).sum() < each * EmbeddedPipelineKafka.PARTITIONS; n++) {
            String account = "route-" + n;
            List<String> on = byPartition.computeIfAbsent(partitionOf(account), p -> new ArrayList<>());
            if (on.size() < each) {
                on.add(account);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }
}
