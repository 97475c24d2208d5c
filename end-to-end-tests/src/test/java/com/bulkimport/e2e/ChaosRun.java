package com.bulkimport.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import com.bulkimport.events.BundleService;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Json;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import tools.jackson.databind.JsonNode;

/**
 * The chaos run (issue 12): the broker and the four services as separate processes
 * ({@link ChaosCluster}), GreenMail as the mail catcher, concurrent imports on the two demo
 * accounts and on two accounts created through account events, while services are killed
 * ({@code SIGKILL}) at random moments and the broker is restarted. Then every promise of
 * DESIGN.md's invariants is checked from the topics ({@code read_committed}) and the API, and one
 * line of figures is printed. {@link Report#breaches()} lists every broken promise.
 */
final class ChaosRun {

    /** How hard to shake. */
    record Settings(int kills, int brokerRestarts, int imports, int minRows, int maxRows, Duration minGap,
            Duration maxGap, Duration settle, long seed) {

        static Settings fromSystemProperties(Settings defaults) {
            return new Settings(Integer.getInteger("chaos.kills", defaults.kills()),
                    Integer.getInteger("chaos.broker-restarts", defaults.brokerRestarts()),
                    Integer.getInteger("chaos.imports", defaults.imports()),
                    Integer.getInteger("chaos.min-rows", defaults.minRows()),
                    Integer.getInteger("chaos.max-rows", defaults.maxRows()),
                    Duration.ofSeconds(Integer.getInteger("chaos.min-gap-seconds", (int) defaults.minGap().toSeconds())),
                    Duration.ofSeconds(Integer.getInteger("chaos.max-gap-seconds", (int) defaults.maxGap().toSeconds())),
                    Duration.ofSeconds(Integer.getInteger("chaos.settle-seconds", (int) defaults.settle().toSeconds())),
                    Long.getLong("chaos.seed", defaults.seed()));
        }
    }

    /** The run's figures and every breach found, each a sentence with its evidence. */
    record Report(String figures, List<String> breaches, List<String> windowResends) {
    }

    /** A kill: which service, when, and whether it came back on an empty state folder. */
    record Kill(String service, Instant at, boolean emptyState) {
    }

    static final String ADMIN = "chaos-admin";
    private static final Set<String> FINAL = Set.of("VALIDATION_FAILED", "NOT_ENOUGH_LICENSES", "COMPLETED",
            "REJECTED_IMPORT_RUNNING");
    private static final String[] DELIVERY = { "USER_EMAIL", "SPECIFIED_ADDRESS", "NONE" };

    private final Settings settings;
    private final Path work;
    private final Random random;
    private final ClusterClient client = new ClusterClient(() -> this.cluster.api(), ADMIN);
    private final List<Kill> kills = new CopyOnWriteArrayList<>();
    private final List<Instant> brokerRestarts = new CopyOnWriteArrayList<>();
    /** Every copy of every email, by Message-ID: when this run first saw it in the catcher. */
    private final MailCopies emails = new MailCopies();
    private final List<String> breaches = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> numberCursor = new HashMap<>();
    private ChaosCluster cluster;
    private GreenMail mail;

    ChaosRun(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
        this.random = new Random(settings.seed());
    }

    // --------------------------------------------------------------------------------- accounts

    /** The run's accounts: the two demo accounts, and two more that exist only through account events. */
    static DemoFixture fixture() {
        DemoFixture demo = DemoFixture.load();
        List<DemoFixture.Account> accounts = new ArrayList<>(demo.accounts());
        accounts.add(new DemoFixture.Account("chaos-a", "Chaos A", false, false,
                Set.of(BundleService.CONNECT, BundleService.MEET), 3, 6,
                List.of(new DemoFixture.Licence("Essentials", 400, 10), new DemoFixture.Licence("Advanced", 150, 0)),
                List.of(new DemoFixture.NumberRange("+13122000000", 1000, false)),
                List.of(new DemoFixture.Location("Main Company Address", true)),
                List.of(new DemoFixture.User("first.user@chaos-a.example", "300", List.of("+13122000999"), "Essentials")),
                List.of(new DemoFixture.ReservedExtension("301", "Hunt group")), List.of()));
        accounts.add(new DemoFixture.Account("chaos-b", "Chaos B", true, true, Set.of(BundleService.CONNECT), 3, 6,
                List.of(new DemoFixture.Licence("Essentials", 500, 0), new DemoFixture.Licence("Bridge", 30, 2)),
                List.of(new DemoFixture.NumberRange("+14152000000", 1000, false)),
                List.of(new DemoFixture.Location("Main Company Address", true), new DemoFixture.Location("Annex", false)),
                List.of(), List.of(new DemoFixture.ReservedExtension("400", "Auto attendant")), List.of("Chaos-Trunk")));
        List<String> ids = accounts.stream().map(DemoFixture.Account::accountId).toList();
        List<DemoFixture.Administrator> admins = new ArrayList<>(demo.administrators());
        admins.add(new DemoFixture.Administrator(ADMIN, ADMIN, ids));
        return new DemoFixture(accounts, admins);
    }

    // ---------------------------------------------------------------------------------- the run

    Report run() throws Exception {
        long start = System.nanoTime();
        DemoFixture fixture = fixture();
        mail = new GreenMail(new ServerSetup(ChaosCluster.freePort(), ChaosCluster.HOST, ServerSetup.PROTOCOL_SMTP));
        mail.start();
        cluster = ChaosCluster.inFreshFolder(work, fixture, mail.getSmtp().getPort());
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread mailWatcher = new Thread(() -> emails.watch(mail, watching, "chaos"), "chaos-mail-watcher");
        try {
            // the accounts, through account events (the two demo accounts and the run's own)
            cluster.startAll(fixture);
            for (DemoFixture.Account a : fixture.accounts()) {
                awaitOk("/api/accounts/" + a.accountId() + "/template", Duration.ofSeconds(120));
            }
            mailWatcher.start();
            log("ready after %.0f s; %d imports, %d kills, %d broker restarts", seconds(start), settings.imports(),
                    settings.kills(), settings.brokerRestarts());

            List<Upload> uploads = plan(fixture);
            Thread submitter = new Thread(() -> submit(uploads), "chaos-submitter");
            submitter.start();
            shake();
            long acceptBy = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (submitter.isAlive() && System.nanoTime() < acceptBy) {
                supervise(Duration.ofSeconds(1));
            }
            if (submitter.isAlive()) {
                breaches.add("uploads: not every file was accepted 8 minutes after the last fault");
                submitter.interrupt();
            }

            // Settle: every service up, every import final, every email out
            cluster.awaitReady(Duration.ofSeconds(240));
            log("every service ready again; waiting for every import to be final");
            Map<String, JsonNode> statuses = awaitFinal(Duration.ofSeconds(settings.settle().toSeconds()));
            emails.awaitAll(this::readFacts, Duration.ofSeconds(90), Duration.ofSeconds(2));
            watching.set(false);
            mailWatcher.join(5000);
            emails.scan(mail);
            Facts facts = readFacts();
            return check(fixture, facts, statuses, uploads, seconds(start));
        } finally {
            watching.set(false);
            cluster.close();
            mail.stop();
        }
    }

    /** The faults: kills spread over the four services at random gaps, the broker restarts among them. */
    private void shake() throws Exception {
        List<String> victims = new ArrayList<>();
        for (int i = 0; i < settings.kills(); i++) {
            victims.add(ChaosCluster.SERVICES.get(i % ChaosCluster.SERVICES.size()));
        }
        Collections.shuffle(victims, random);
        int emptyStateKill = settings.kills() / 2;
        int step = settings.kills() / (settings.brokerRestarts() + 1);
        int brokerDone = 0;
        for (int i = 0; i < victims.size(); i++) {
            supervise(gap());
            String victim = victims.get(i);
            boolean empty = i == emptyStateKill;
            cluster.kill(victim);
            kills.add(new Kill(victim, Instant.now(), empty));
            log("kill %d/%d: %s (SIGKILL)%s", i + 1, victims.size(), victim, empty ? ", started again on an empty state folder" : "");
            cluster.startService(victim, empty);
            if (brokerDone < settings.brokerRestarts() && step > 0 && (i + 1) % step == 0) {
                supervise(gap());
                boolean hard = brokerDone % 2 == 1;
                log("broker restart %d/%d (%s)", brokerDone + 1, settings.brokerRestarts(), hard ? "SIGKILL" : "SIGTERM");
                cluster.restartBroker(hard, Duration.ofSeconds(120));
                brokerRestarts.add(Instant.now());
                brokerDone++;
            }
        }
        while (brokerDone < settings.brokerRestarts()) {
            supervise(gap());
            cluster.restartBroker(brokerDone % 2 == 1, Duration.ofSeconds(120));
            brokerRestarts.add(Instant.now());
            brokerDone++;
        }
    }

    /**
     * Waits, starting again any service that stopped by itself meanwhile, as {@code ./run.sh}'s
     * supervisor does: e.g. one started while the broker restarts, which gives up configuring its
     * topics ({@code spring.kafka.admin.fail-fast}) and exits. Runs on the thread that kills and
     * starts services, so a service just killed on purpose is never started twice.
     */
    private void supervise(Duration d) throws IOException {
        long until = System.nanoTime() + d.toNanos();
        do {
            for (String s : ChaosCluster.SERVICES) {
                if (!cluster.alive(s)) {
                    log("%s stopped by itself: started again (as ./run.sh's supervisor does)", s);
                    cluster.startService(s, false);
                }
            }
            sleep(Duration.ofMillis(Math.min(1000, Math.max(0, (until - System.nanoTime()) / 1_000_000))));
        } while (System.nanoTime() < until);
    }

    private Duration gap() {
        long min = settings.minGap().toMillis();
        long max = Math.max(min, settings.maxGap().toMillis());
        return Duration.ofMillis(min + (long) (random.nextDouble() * (max - min)));
    }

    // -------------------------------------------------------------------------------- workload

    /** One file to upload: account, name, CSV, query (options). */
    record Upload(String accountId, String fileName, String csv, String query, int rows, Duration after) {
    }

    private List<Upload> plan(DemoFixture fixture) {
        List<String> accounts = List.of("demo", "demo-small", "chaos-a", "chaos-b");
        List<Upload> uploads = new ArrayList<>();
        long chaosMillis = (long) settings.kills() * (settings.minGap().toMillis() + settings.maxGap().toMillis()) / 2;
        for (int k = 0; k < settings.imports(); k++) {
            String account = accounts.get(k % accounts.size());
            String delivery = DELIVERY[k % DELIVERY.length];
            int rows = account.equals("demo-small") ? 1
                    : settings.minRows() + random.nextInt(Math.max(1, settings.maxRows() - settings.minRows() + 1));
            String csv = csv(fixture, account, k, rows);
            String query = "?passwordDelivery=" + delivery + (delivery.equals("SPECIFIED_ADDRESS")
                    ? "&passwordAddress=" + URLEncoder.encode("it-desk@" + domain(account), StandardCharsets.UTF_8) : "");
            uploads.add(new Upload(account, "chaos-" + k + "-" + account + ".csv", csv, query, rows,
                    Duration.ofMillis(chaosMillis * k / Math.max(1, settings.imports()))));
        }
        return uploads;
    }

    private static String domain(String account) {
        return switch (account) {
            case "demo" -> "demo.example";
            case "demo-small" -> "small.example";
            default -> account + ".example";
        };
    }

    /** Rows with numbers from the account's inventory, some explicit extensions, Bridge rows where the account has them. */
    private String csv(DemoFixture fixture, String account, int k, int rows) {
        boolean onPremises = account.equals("demo") || account.equals("chaos-b");
        List<String> header = new ArrayList<>(List.of("Display Name (Mandatory)", "Email Address (Mandatory)",
                "Subscription License Type", "Primary Phone Number (Optional)", "Extension (Optional)"));
        if (onPremises) {
            header.add("Cloud Extension (Optional)");
            header.add("SIP Tie Trunk Name (Optional)");
        }
        StringBuilder csv = new StringBuilder(String.join(",", header)).append("\r\n");
        DemoFixture.Account a = fixture.accounts().stream().filter(x -> x.accountId().equals(account)).findFirst().orElseThrow();
        for (int i = 0; i < rows; i++) {
            String licence = switch (account) {
                case "demo" -> i % 8 == 7 ? "Bridge" : i % 3 == 0 ? "Advanced" : "Essentials";
                case "chaos-a" -> i % 4 == 3 ? "Advanced" : "Essentials";
                case "chaos-b" -> i % 10 == 9 ? "Bridge" : "Essentials";
                default -> "Essentials";
            };
            // every fifth import of an account asks, in its first row, for a number an earlier import took
            String number = i == 0 && k >= 8 && (k / 4) % 5 == 2 ? takenNumber(a) : i % 2 == 0 ? nextNumber(a) : "";
            String extension = i % 3 == 1 ? String.valueOf(10000 + k * 100 + i) : "";
            List<String> cells = new ArrayList<>(List.of("Chaos User " + k + "-" + i, "u" + k + "." + i + "@" + domain(account),
                    licence, number, extension));
            if (onPremises) {
                boolean bridgeFields = licence.equals("Bridge") && i % 2 == 0;
                cells.add(bridgeFields ? "cloud-" + k + "-" + i : "");
                cells.add(bridgeFields ? a.trunks().get(0) : "");
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    /** The account's next parked number (the range wraps round if a run asks for more than it has). */
    private String nextNumber(DemoFixture.Account a) {
        DemoFixture.NumberRange range = a.numberRanges().get(0);
        int i = numberCursor.merge(a.accountId(), 1, Integer::sum) - 1;
        return "+" + (Long.parseLong(range.first().substring(1)) + (i % (range.count() - 1)));
    }

    /** A number an earlier import of the account asked for: validation refuses it if that import created its user. */
    private String takenNumber(DemoFixture.Account a) {
        DemoFixture.NumberRange range = a.numberRanges().get(0);
        return "+" + (Long.parseLong(range.first().substring(1)) + random.nextInt(Math.max(1, numberCursor.getOrDefault(a.accountId(), 1))));
    }

    /** Uploads each file at its moment; an upload that gets no answer (ingest killed) is sent again. */
    private void submit(List<Upload> uploads) {
        long start = System.nanoTime();
        for (Upload u : uploads) {
            long wait = u.after().toNanos() - (System.nanoTime() - start);
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                try {
                    HttpResponse<String> r = upload(u);
                    if (r.statusCode() == 202) {
                        log("uploaded %s (%d rows) %s", u.fileName(), u.rows(), u.query());
                        break;
                    }
                    // 409: the account's previous import still runs (one at a time per account); 429: parses busy
                    if (r.statusCode() / 100 == 4 && r.statusCode() != 409 && r.statusCode() != 429 && r.statusCode() != 404) {
                        breaches.add("upload " + u.fileName() + " refused: " + r.statusCode() + " " + r.body());
                        break;
                    }
                } catch (IOException e) {
                    // ingest down or killed mid-request: the file may or may not be in; the check counts what is
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private HttpResponse<String> upload(Upload u) throws IOException {
        return client.upload(u.accountId(), u.query(), u.fileName(), u.csv(), Duration.ofSeconds(30));
    }

    private HttpResponse<String> get(String path) throws IOException {
        return client.get(path);
    }

    private void awaitOk(String path, Duration timeout) throws Exception {
        client.awaitOk(path, timeout, Duration.ofMillis(500));
    }

    // ---------------------------------------------------------------------------------- settling

    /** Polls every import the topics know until each is final; the ones still not final are breaches. */
    private Map<String, JsonNode> awaitFinal(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> statuses = new TreeMap<>();
        while (true) {
            Facts facts = readFacts();
            Map<String, String> accounts = new LinkedHashMap<>();
            Map<String, String> files = new HashMap<>();
            facts.requested.values().forEach(r -> {
                accounts.put(r.importId(), r.accountId());
                files.put(r.importId(), r.fileName());
            });
            List<String> open = notFinalYet(client, accounts, files::get, statuses);
            if (open.isEmpty()) {
                return statuses;
            }
            if (System.nanoTime() > deadline) {
                open.forEach(o -> breaches.add("import not final " + timeout.toSeconds() + " s after the last fault: " + o));
                return statuses;
            }
            Thread.sleep(2000);
        }
    }

    /**
     * One look at every import ({@code import id -> account id}) not final yet in {@code statuses}:
     * its status asked of {@code client} and kept when answered (an instance restarting or taking
     * over may not answer). Answers the ones still not final, each as its label, import id, status
     * and counts.
     */
    static List<String> notFinalYet(ClusterClient client, Map<String, String> accounts, Function<String, String> label,
            Map<String, JsonNode> statuses) throws Exception {
        List<String> open = new ArrayList<>();
        for (var e : accounts.entrySet()) {
            JsonNode s = statuses.get(e.getKey());
            if (s != null && FINAL.contains(s.get("status").asString())) {
                continue;
            }
            try {
                HttpResponse<String> answer = client.get("/api/accounts/" + e.getValue() + "/imports/" + e.getKey() + "?size=1");
                if (answer.statusCode() == 200) {
                    s = Json.MAPPER.readTree(answer.body());
                    statuses.put(e.getKey(), s);
                }
            } catch (IOException notNow) {
                // restarting, or taking over
            }
            if (s == null || !FINAL.contains(s.get("status").asString())) {
                open.add(label.apply(e.getKey()) + " " + e.getKey() + " (" + (s == null ? "no status"
                        : s.get("status").asString() + " " + s.get("counts")) + ")");
            }
        }
        return open;
    }

    // ----------------------------------------------------------------------------------- facts

    /** What the topics hold, read to their end with read_committed. */
    static final class Facts {
        final Map<String, ImportSubmission.ImportRequested> requested = new LinkedHashMap<>();
        final Map<String, Integer> rowsSubmitted = new HashMap<>();
        final Map<String, List<ImportGateDecided>> gates = new HashMap<>();
        final Map<String, List<RowProvisioned>> provisioned = new HashMap<>();
        final Map<String, List<UserCreated>> created = new HashMap<>();
        /** By the Message-ID the notification service gives the email. */
        final Map<String, List<NotificationRequested>> notificationRequests = new HashMap<>();
        final Set<String> givenUp = new java.util.HashSet<>();
        /** Validation's row errors, by code: why imports failed validation. */
        final Map<ErrorCode, Integer> validationErrors = new TreeMap<>();
    }

    private Facts readFacts() {
        return readFacts(cluster.bootstrap());
    }

    /** What the topics of the broker at {@code bootstrap} hold, read to their end with read_committed. */
    static Facts readFacts(String bootstrap) {
        Facts f = new Facts();
        for (ImportSubmission s : readAll(bootstrap, Topics.IMPORT_SUBMISSIONS)) {
            if (s instanceof ImportSubmission.ImportRequested r) {
                f.requested.put(r.importId(), r);
            } else {
                f.rowsSubmitted.merge(s.importId(), 1, Integer::sum);
            }
        }
        readAll(bootstrap, Topics.ROWS_VALIDATED).forEach(v -> v.errors().forEach(e -> f.validationErrors.merge(e.code(), 1, Integer::sum)));
        readAll(bootstrap, Topics.IMPORT_GATES).forEach(g -> f.gates.computeIfAbsent(g.importId(), x -> new ArrayList<>()).add(g));
        readAll(bootstrap, Topics.ROWS_PROVISIONED).forEach(p -> f.provisioned.computeIfAbsent(p.importId() + "#" + p.row(), x -> new ArrayList<>()).add(p));
        readAll(bootstrap, Topics.USERS_CREATED).forEach(u -> f.created.computeIfAbsent(u.importId() + "#" + u.row(), x -> new ArrayList<>()).add(u));
        readAll(bootstrap, Topics.NOTIFICATION_REQUESTS).forEach(n -> f.notificationRequests.computeIfAbsent(messageId(n.kind(), n.row(), n.importId()),
                x -> new ArrayList<>()).add(n));
        for (NotificationResult r : readAll(bootstrap, Topics.NOTIFICATION_RESULTS)) {
            if (!r.sent()) {
                f.givenUp.add(messageId(r.kind(), r.row(), r.importId()));
            }
        }
        return f;
    }

    /** The Message-ID the notification service writes (EmailComposer), the same for every copy of one email. */
    static String messageId(NotificationRequested.Kind kind, int row, String importId) {
        return "<" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "." + row + "." + importId
                + "@bulkimport.local>";
    }

    static <V> List<V> readAll(String bootstrap, Topic<String, V> topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<V> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // with read_committed, the end offsets are the last stable offsets
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic.name() + " to its end in 60 s");
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(300))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    // ---------------------------------------------------------------------------------- checks

    private Report check(DemoFixture fixture, Facts f, Map<String, JsonNode> statuses, List<Upload> uploads, double seconds)
            throws Exception {
        // every planned file is in (at least once)
        Set<String> files = f.requested.values().stream().map(ImportSubmission.ImportRequested::fileName).collect(Collectors.toSet());
        for (Upload u : uploads) {
            if (!files.contains(u.fileName())) {
                breaches.add("file " + u.fileName() + " was never accepted");
            }
        }
        Verdict v = checkTopics(fixture, f, emails.copies(), kills, breaches);
        log("validation's row errors by code: %s", f.validationErrors);
        Map<String, Long> createdPerImport = v.createdPerImport();

        // every import's status, results and exports are served, and agree with the topics
        for (ImportSubmission.ImportRequested r : f.requested.values()) {
            String base = "/api/accounts/" + r.accountId() + "/imports/" + r.importId();
            JsonNode status = statuses.get(r.importId());
            long created = createdPerImport.getOrDefault(r.importId(), 0L);
            if (status != null && FINAL.contains(status.get("status").asString())) {
                JsonNode now = Json.MAPPER.readTree(expectOk(base + "?size=1"));
                if (now != null && now.get("counts").get("created").asLong() != created) {
                    breaches.add("import " + r.importId() + ": the status says " + now.get("counts").get("created")
                            + " created, the topics " + created);
                }
            }
            String list = expectOk(base + "/users?size=1000");
            if (list != null && Json.MAPPER.readTree(list).size() != created) {
                breaches.add("import " + r.importId() + ": /users lists " + Json.MAPPER.readTree(list).size() + ", the topics " + created);
            }
            expectOk(base + "/errors.csv");
            expectOk(base + "/not-created.csv");
        }

        Map<String, Long> killsPer = new TreeMap<>();
        ChaosCluster.SERVICES.forEach(s -> killsPer.put(s, 0L));
        kills.forEach(k -> killsPer.merge(k.service(), 1L, Long::sum));
        Map<String, Long> byStatus = statuses.values().stream()
                .collect(Collectors.groupingBy(s -> s.get("status").asString(), TreeMap::new, Collectors.counting()));
        long notCreated = f.provisioned.values().stream().filter(p -> p.get(0).outcome() == RowProvisioned.Outcome.NOT_CREATED).count();
        String figures = String.format("CHAOS kills %s (%d on an empty state folder), broker restarts %d, imports %d (%s),"
                + " rows %d, users %d, not created with a reason %d, emails %d, duplicates %d, losses %d, window re-sends %d,"
                + " breaches %d, wall time %.0f s, seed %d",
                killsPer.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")),
                kills.stream().filter(Kill::emptyState).count(), brokerRestarts.size(), f.requested.size(),
                byStatus.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")), v.rows(),
                v.users(), notCreated, v.emails(), v.duplicates(), v.losses(), v.window().size(), breaches.size(), seconds,
                settings.seed());
        return new Report(figures, List.copyOf(breaches), v.window());
    }

    /** What the topics and the mail catcher say: the counts, and every breach added to {@code breaches}. */
    record Verdict(int rows, int users, int emails, int duplicates, int losses, List<String> window,
            Map<String, Long> createdPerImport) {
    }

    /**
     * The checks that need no service: rows, users, numbers, extensions, licences and emails, from
     * what the topics hold ({@code f}) and the copies of each email the catcher received.
     */
    static Verdict checkTopics(DemoFixture fixture, Facts f, Map<String, List<Instant>> emailCopies, List<Kill> kills,
            List<String> breaches) {
        int duplicates = 0;
        int losses = 0;
        int rows = 0;
        // every import: one gate; every row of a released import provisioned once, with a reason when not created
        Map<String, Long> createdPerImport = new HashMap<>();
        for (ImportSubmission.ImportRequested r : f.requested.values()) {
            int submitted = f.rowsSubmitted.getOrDefault(r.importId(), 0);
            rows += submitted;
            if (submitted != r.rowCount()) {
                breaches.add("import " + r.importId() + ": " + submitted + " rows submitted for a row count of " + r.rowCount());
            }
            List<ImportGateDecided> gates = f.gates.getOrDefault(r.importId(), List.of());
            if (gates.size() > 1) {
                duplicates++;
                breaches.add("import " + r.importId() + " (" + r.fileName() + "): gate decided " + gates.size() + " times: " + gates);
            }
            boolean released = gates.stream().anyMatch(g -> g.outcome() == ImportGateDecided.Outcome.RELEASED);
            for (int row = 2; row < 2 + r.rowCount(); row++) {
                List<RowProvisioned> outcomes = f.provisioned.getOrDefault(r.importId() + "#" + row, List.of());
                List<UserCreated> events = f.created.getOrDefault(r.importId() + "#" + row, List.of());
                if (!released) {
                    if (!outcomes.isEmpty() || !events.isEmpty()) {
                        breaches.add("import " + r.importId() + " row " + row + " provisioned although the import was not released: " + outcomes);
                    }
                    continue;
                }
                if (outcomes.isEmpty()) {
                    losses++;
                    breaches.add("LOSS: import " + r.importId() + " (" + r.fileName() + ") row " + row + " has no outcome");
                    continue;
                }
                if (outcomes.size() > 1) {
                    duplicates++;
                    breaches.add("DUPLICATE: import " + r.importId() + " row " + row + " has " + outcomes.size() + " outcomes: " + outcomes);
                }
                RowProvisioned outcome = outcomes.get(0);
                if (outcome.outcome() == RowProvisioned.Outcome.CREATED) {
                    createdPerImport.merge(r.importId(), 1L, Long::sum);
                    if (events.isEmpty()) {
                        losses++;
                        breaches.add("LOSS: import " + r.importId() + " row " + row + " created without a user created event");
                    }
                } else if (outcome.reasons() == null || outcome.reasons().isEmpty()) {
                    breaches.add("import " + r.importId() + " row " + row + " " + outcome.outcome() + " without a reason");
                }
                if (events.size() > 1) {
                    duplicates++;
                    breaches.add("DUPLICATE: import " + r.importId() + " row " + row + ": " + events.size() + " user created events");
                }
                if (!events.isEmpty() && outcome.outcome() != RowProvisioned.Outcome.CREATED) {
                    breaches.add("import " + r.importId() + " row " + row + ": a user created event for a row " + outcome.outcome());
                }
            }
        }

        // no email, number or extension held by two users of an account; licences counted exactly
        List<UserCreated> users = f.created.values().stream().map(l -> l.get(0)).toList();
        for (DemoFixture.Account a : fixture.accounts()) {
            Map<String, List<String>> holders = new HashMap<>();
            a.users().forEach(u -> {
                holders.computeIfAbsent("email " + u.email(), x -> new ArrayList<>()).add("fixture");
                holders.computeIfAbsent("extension " + u.extension(), x -> new ArrayList<>()).add("fixture " + u.email());
                if (u.numbers() != null) {
                    u.numbers().forEach(n -> holders.computeIfAbsent("number " + n, x -> new ArrayList<>()).add("fixture " + u.email()));
                }
            });
            a.reservedExtensions().forEach(r -> holders.computeIfAbsent("extension " + r.extension(), x -> new ArrayList<>()).add(r.usedBy()));
            Map<String, Integer> licences = new HashMap<>();
            for (UserCreated u : users) {
                if (!u.accountId().equals(a.accountId())) {
                    continue;
                }
                String who = u.email() + " (import " + u.importId() + " row " + u.row() + ")";
                holders.computeIfAbsent("email " + u.email().toLowerCase(java.util.Locale.ROOT), x -> new ArrayList<>()).add(who);
                if (u.extension() != null) {
                    holders.computeIfAbsent("extension " + u.extension(), x -> new ArrayList<>()).add(who);
                }
                if (u.numbers() != null) {
                    u.numbers().forEach(n -> holders.computeIfAbsent("number " + n, x -> new ArrayList<>()).add(who));
                }
                licences.merge(u.licenceType(), 1, Integer::sum);
            }
            holders.forEach((what, who) -> {
                if (who.size() > 1) {
                    breaches.add("account " + a.accountId() + ": " + what + " held by " + who.size() + ": " + who);
                }
            });
            for (DemoFixture.Licence l : a.licences()) {
                int taken = licences.getOrDefault(l.licenceType(), 0);
                int free = l.total() - l.used();
                if (taken > free) {
                    breaches.add("account " + a.accountId() + ": " + taken + " " + l.licenceType() + " licences given, " + free + " were free");
                }
                boolean refusedForLicence = f.provisioned.values().stream().map(p -> p.get(0))
                        .filter(p -> p.accountId().equals(a.accountId()) && l.licenceType().equalsIgnoreCase(p.licenceType()))
                        .anyMatch(p -> p.reasons() != null && p.reasons().stream().anyMatch(e -> e.code() == ErrorCode.LICENCE_TAKEN));
                if (refusedForLicence && taken != free) {
                    breaches.add("account " + a.accountId() + ": a row was refused for want of a " + l.licenceType()
                            + " licence while " + (free - taken) + " were free");
                }
            }
        }

        // each email sent once per user and kind; a second copy is the known window only when a kill explains it
        int emails = 0;
        List<String> window = new ArrayList<>();
        for (var e : f.notificationRequests.entrySet()) {
            String id = e.getKey();
            if (e.getValue().size() > 1) {
                duplicates++;
                breaches.add("DUPLICATE: email " + id + " asked for " + e.getValue().size() + " times");
            }
            List<Instant> copies = emailCopies.getOrDefault(id, List.of());
            if (copies.isEmpty()) {
                if (f.givenUp.contains(id)) {
                    breaches.add("email " + id + " given up, although the mail catcher was up all along");
                } else {
                    losses++;
                    breaches.add("LOSS: email " + id + " asked for, never sent nor given up");
                }
                continue;
            }
            emails++;
            if (copies.size() > 1) {
                Instant first = copies.get(0).minusSeconds(3);
                Instant last = copies.get(copies.size() - 1);
                List<Kill> explaining = kills.stream().filter(k -> k.service().equals("notification")
                        && !k.at().isBefore(first) && !k.at().isAfter(last)).toList();
                if (explaining.isEmpty()) {
                    duplicates++;
                    breaches.add("DUPLICATE: email " + id + " sent " + copies.size() + " times (" + copies
                            + ") with no notification kill in between");
                } else {
                    window.add(id + " sent " + copies.size() + " times, around the notification kill at " + explaining.get(0).at());
                }
            }
        }
        for (String id : emailCopies.keySet()) {
            if (!f.notificationRequests.containsKey(id)) {
                breaches.add("email " + id + " sent without a request");
            }
        }
        // every created user of an import with password delivery got a password email asked for
        for (UserCreated u : users) {
            var request = f.requested.get(u.importId());
            if (request == null) {
                breaches.add("user " + u.email() + " created by import " + u.importId() + ", which was never requested");
                continue;
            }
            if (request.options().passwordDelivery() != com.bulkimport.events.PasswordDelivery.NONE
                    && !f.notificationRequests.containsKey(messageId(NotificationRequested.Kind.TEMPORARY_PASSWORD, u.row(), u.importId()))) {
                losses++;
                breaches.add("LOSS: no password email asked for " + u.email() + " (import " + u.importId() + " row " + u.row() + ")");
            }
        }

        return new Verdict(rows, users.size(), emails, duplicates, losses, window, createdPerImport);
    }

    private String expectOk(String path) {
        try {
            HttpResponse<String> r = get(path);
            if (r.statusCode() != 200) {
                breaches.add("GET " + path + " answered " + r.statusCode());
                return null;
            }
            return r.body();
        } catch (IOException e) {
            breaches.add("GET " + path + " failed: " + e);
            return null;
        }
    }

    // --------------------------------------------------------------------------------- helpers

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void log(String format, Object... args) {
        System.out.printf("%s chaos: %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
        System.out.flush();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
