package com.bulkimport.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.ActiveProfiles;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.Json;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.ingest.upload.CsvFileReader;
import com.bulkimport.ingest.web.ProblemException;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.IngestApi;
import com.bulkimport.testing.KafkaTestSupport;

import tools.jackson.databind.JsonNode;

/**
 * The running ingest service (real HTTP, a real broker) under a storm of hostile uploads (issue
 * 10): every answer is a 4xx problem, never a 5xx nor a dropped connection, the service keeps
 * answering, a normal import then goes through, and the heap after the storm is within its bound.
 * One parse at a time ({@code max-concurrent-parses=1}), so that the 429 shows over HTTP.
 * Prints its figures as {@code FIGURE} lines.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        IngestApplication.CONFIG, "bulkimport.kafka.partitions=3",
        "bulkimport.kafka.state-dir=${java.io.tmpdir}/ingest-hostile-${random.uuid}", "bulkimport.upload.max-concurrent-parses=1" })
@EmbeddedPipelineKafka
@ActiveProfiles("local")
class HostileUploadIntegrationTest {

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";
    private static final String VALID = HEADER + "Ann,ann@demo.example\r\nBob,bob@demo.example\r\nCy,cy@demo.example\r\n";
    /**
     * What the heap may hold after the storm beyond what it held before: the view's new import,
     * caches, pools and compiled code; about half the storm's 46.6 MB of uploads, so that keeping
     * them (or a good half of them) fails the test.
     */
    private static final long HEAP_GROWTH_BOUND = 24L * 1024 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    CsvFileReader reader;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String basic = "Basic " + Base64.getEncoder().encodeToString("demo-admin:demo-admin".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldAnswerAStormOfHostileUploadsWith4xxAndThenImportANormalFile() throws Exception {
        // Given the running service, knowing the demo account, warmed by one file check
        TopicProvisioner.ensureTopics(broker.getBrokersAsString(), 3, (short) 1);
        FixtureLoader.publish(broker.getBrokersAsString(), DemoFixture.load());
        IngestApi api = new IngestApi("http://127.0.0.1:" + port, "demo-admin", "demo-admin");
        api.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
        assertThat(post("/file-checks", "warm.csv", VALID.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        long heapBefore = heapUsedAfterGc();

        // When the one parse permit is held by a slow upload (a stream that does not end), uploads answer 429 over HTTP
        proveTooManyUploadsOverHttp();

        // When a storm of hostile uploads arrives at once
        StormResult storm = runStorm();
        System.out.printf("FIGURE storm: %d uploads (%.1f MB) answered in %d ms; by status %s%n", storm.uploads(),
                storm.bytes() / 1048576.0, storm.millis(), storm.byStatus());

        // Then each hostile upload got its 4xx problem (429 allowed for any of them: one parse at a time), none a 5xx
        assertThat(storm.wrong()).isEmpty();
        assertThat(storm.byStatus().keySet()).allMatch(s -> s >= 200 && s < 500);
        // (the oversized bodies are refused while they arrive, before any parse: 413 whatever the load;
        // which of the others get their 400/415 rather than 429 depends on the machine's speed)
        assertThat(storm.byStatus()).containsKey(413);

        // and one by one (no other parse running), each kind gets its own answer, not 429
        List<String> wrongAlone = new ArrayList<>();
        for (Hostile h : storm().subList(0, 10)) {
            Hostile alone = new Hostile(h.name(), h.path(), h.body(), h.statuses().stream().filter(st -> st != 429).toList());
            String problem = check(alone, post(h.path(), h.name(), h.body()));
            if (problem != null) {
                wrongAlone.add(h.name() + ": " + problem);
            }
        }
        assertThat(wrongAlone).isEmpty();

        // and the service keeps answering, and a normal import is accepted, published and followed to its end
        assertThat(api.get("/api/accounts/demo/template").statusCode()).isEqualTo(200);
        HttpResponse<String> accepted = api.upload("demo", "normal.csv", VALID, "?validateOnly=true");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(accepted.body());
        String importId = body.get("importId").asString();
        String statusUrl = body.get("statusUrl").asString();
        assertThat(api.getJson(statusUrl).get("status").asString()).isEqualTo("VALIDATING");
        var kafka = new KafkaTestSupport(broker.getBrokersAsString());
        assertThat(kafka.readCommitted(Topics.IMPORT_SUBMISSIONS, r -> r.value().importId().equals(importId), found -> found.size() >= 4,
                Duration.ofSeconds(30))).hasSize(4);
        // (the validation service is not running here: its results are played by a test producer)
        kafka.sendInOneTransaction(Topics.ROWS_VALIDATED, List.of(new RowValidated(importId, "demo", 2, List.of()),
                new RowValidated(importId, "demo", 3, List.of()), new RowValidated(importId, "demo", 4, List.of())),
                RowValidated::accountId);
        kafka.sendInOneTransaction(Topics.IMPORT_GATES, List.of(new ImportGateDecided(importId, "demo", ImportGateDecided.Outcome.VALIDATED,
                List.of())), ImportGateDecided::accountId);
        JsonNode done = api.awaitStatus(statusUrl, Duration.ofSeconds(60), "VALIDATED");
        assertThat(done.get("counts").get("validated").asInt()).isEqualTo(3);

        // and the heap after the storm holds nothing of it
        long heapAfter = heapUsedAfterGc();
        System.out.printf("FIGURE heap used after System.gc(): before the storm %.1f MB, after %.1f MB (growth %.1f MB, bound %d MB)%n",
                heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1048576.0, HEAP_GROWTH_BOUND / 1048576);
        assertThat(heapAfter - heapBefore).isLessThan(HEAP_GROWTH_BOUND);
    }

    private record StormResult(int uploads, long bytes, long millis, Map<Integer, Integer> byStatus, List<String> wrong) {
    }

    /** Sends every hostile upload at once (16 at a time); nothing of them is referenced once it returns. */
    private StormResult runStorm() throws Exception {
        List<Hostile> storm = storm();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (Hostile h : storm) {
            answers.add(pool.submit(() -> {
                go.await();
                return post(h.path(), h.name(), h.body());
            }));
        }
        long began = System.nanoTime();
        go.countDown();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < storm.size(); i++) {
            Hostile h = storm.get(i);
            HttpResponse<String> answer;
            try {
                answer = answers.get(i).get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                wrong.add(h.name() + ": no answer, " + e.getCause());
                continue;
            }
            byStatus.merge(answer.statusCode(), 1, Integer::sum);
            String problem = check(h, answer);
            if (problem != null) {
                wrong.add(h.name() + ": " + problem);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        pool.shutdown();
        return new StormResult(storm.size(), storm.stream().mapToLong(h -> h.body().length).sum(), millis, byStatus, wrong);
    }

    /** Holds the reader's one permit with an upload whose stream does not end; the HTTP uploads meanwhile answer 429. */
    private void proveTooManyUploadsOverHttp() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            @Override
            public int read() throws IOException {
                return read(new byte[1], 0, 1);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                reading.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        Thread holder = new Thread(() -> {
            try {
                reader.read(slow, 100, TemplateColumn.forAccount(false));
            } catch (ProblemException expected) {
                // the held file was empty
            }
        });
        holder.start();
        try {
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            for (String path : List.of("/imports", "/file-checks", "/imports")) {
                HttpResponse<String> answer = post(path, "valid.csv", VALID.getBytes(StandardCharsets.UTF_8));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("2");
                assertThat(answer.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
                assertThat(Json.MAPPER.readTree(answer.body()).get("errors").get(0).get("code").asString()).isEqualTo("TOO_MANY_UPLOADS");
            }
        } finally {
            release.countDown();
            holder.join(10_000);
        }
        System.out.println("FIGURE 429 over HTTP: 3 of 3 uploads while the one parse permit was held, each with Retry-After: 2");
    }

    /** A hostile upload, where it goes, and the answers it may get. */
    private record Hostile(String name, String path, byte[] body, List<Integer> statuses) {
    }

    private static List<Hostile> storm() {
        List<Hostile> storm = new ArrayList<>();
        Random random = new Random(10);
        for (int i = 0; i < 4; i++) {
            // 3 MB to 12 MB: each must get its 413 whole, not a reset connection
            storm.add(new Hostile("oversized body " + i, "/imports",
                    (HEADER + "A,a@x.example\r\n".repeat(200_000 + i * 200_000)).getBytes(StandardCharsets.UTF_8), List.of(413)));
            storm.add(new Hostile("1.5 MB header line " + i, "/imports", ("A".repeat(1_500_000) + "\r\n").getBytes(StandardCharsets.UTF_8),
                    List.of(400, 429)));
            storm.add(new Hostile("megabyte field " + i, "/imports", (HEADER + "B".repeat(1_000_000) + ",b@x.example\r\n")
                    .getBytes(StandardCharsets.UTF_8), List.of(400, 429)));
            storm.add(new Hostile("5,000 columns " + i, i % 2 == 0 ? "/imports" : "/file-checks",
                    (HEADER + "v,".repeat(5_000) + "\r\n").getBytes(StandardCharsets.UTF_8), List.of(400, 429)));
            storm.add(new Hostile("quote never closed " + i, "/imports", (HEADER + "\"C,c@x.example\r\n" + "D,d@x.example\r\n".repeat(100_000))
                    .getBytes(StandardCharsets.UTF_8), List.of(400, 429)));
            byte[] zip = new byte[200_000];
            random.nextBytes(zip);
            zip[0] = 'P';
            zip[1] = 'K';
            zip[2] = 3;
            zip[3] = 4;
            storm.add(new Hostile("zip header " + i, "/imports", zip, List.of(415, 429)));
            byte[] ole2 = new byte[200_000];
            random.nextBytes(ole2);
            ole2[0] = (byte) 0xD0;
            ole2[1] = (byte) 0xCF;
            ole2[2] = 0x11;
            ole2[3] = (byte) 0xE0;
            storm.add(new Hostile("OLE2 header " + i, "/file-checks", ole2, List.of(415, 429)));
            byte[] noise = new byte[300_000];
            random.nextBytes(noise);
            storm.add(new Hostile("random bytes " + i, "/imports", noise, List.of(400, 429)));
            // NUL and control characters are data (RFC 4180): the file checks pass them on to validation
            storm.add(new Hostile("NUL and control characters " + i, "/file-checks",
                    (HEADER + "A\u0000\u0001\u0002,a@x.example\r\n\u0000\u0000\u0007,\u001b@x.example\r\n").getBytes(StandardCharsets.UTF_8),
                    List.of(200, 429)));
            storm.add(new Hostile("valid file check " + i, "/file-checks", VALID.getBytes(StandardCharsets.UTF_8), List.of(200, 429)));
        }
        return storm;
    }

    /** What is wrong with the answer to a hostile upload, or null. */
    private static String check(Hostile h, HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (!h.statuses().contains(status)) {
            return "answered " + status + " (expected one of " + h.statuses() + "): " + excerpt(answer.body());
        }
        if (status >= 400) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                return "answered " + status + " as " + type;
            }
            JsonNode problem = Json.MAPPER.readTree(answer.body());
            if (problem.get("errors") == null || problem.get("errors").isEmpty()) {
                return "answered " + status + " without errors: " + excerpt(answer.body());
            }
            if (answer.body().length() > 4_000) {
                return "answered " + answer.body().length() + " characters";
            }
            if (status == 429 && answer.headers().firstValue("Retry-After").isEmpty()) {
                return "answered 429 without Retry-After";
            }
        }
        return null;
    }

    private static String excerpt(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private HttpResponse<String> post(String path, String fileName, byte[] file) throws IOException, InterruptedException {
        String boundary = "----hostile" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/accounts/demo" + path))
                .header("Authorization", basic)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
