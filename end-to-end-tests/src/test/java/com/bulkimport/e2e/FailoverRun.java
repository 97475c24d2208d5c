package com.bulkimport.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.Json;
import com.bulkimport.events.Topics;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import tools.jackson.databind.JsonNode;

/**
 * The failover run (issue 14, scale-out): two instances of each of the four services
 * ({@link ChaosCluster} with two instances, as {@code ./run.sh --instances 2} runs them), imports on
 * many accounts made through account events (as the benchmark makes them), status calls sent to
 * both ingest instances while the imports run; then one instance of each service is killed
 * ({@code SIGKILL}) mid-run and not started again: the other instance of each service takes its
 * partitions over (its consumer group rebalances, its state restored from the changelogs). Every
 * import must reach {@code COMPLETED} on the surviving ingest instance, and the topics and the mail
 * catcher must show each row provisioned and each user created once, each email sent once, no
 * number or extension given twice ({@link ChaosRun#checkTopics}). {@link Report#breaches()} lists
 * every broken promise.
 */
final class FailoverRun {

    static final String ADMIN = "failover-admin";
    static final int INSTANCES = 2;
    /** The instance of each service killed mid-run: the first of two services, the second of the others. */
    static final List<String> VICTIMS = List.of(ChaosCluster.instance("ingest", 1), ChaosCluster.instance("validation", 2),
            ChaosCluster.instance("provisioning", 1), ChaosCluster.instance("notification", 2));

    /** How many accounts import at once, and the rows of each file. */
    record Settings(int accounts, int rows) {

        static Settings fromSystemProperties(Settings defaults) {
            return new Settings(Integer.getInteger("failover.accounts", defaults.accounts()),
                    Integer.getInteger("failover.rows", defaults.rows()));
        }
    }

    /** The run's figures, every breach found (a sentence with its evidence) and the email re-sends a kill explains. */
    record Report(String figures, List<String> breaches, List<String> windowResends) {
    }

    private final Settings settings;
    private final Path work;
    private final List<String> breaches = new CopyOnWriteArrayList<>();
    private final List<ChaosRun.Kill> kills = new CopyOnWriteArrayList<>();
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    /** Each email's copies, by Message-ID: when this run first saw each. */
    private final MailCopies emails = new MailCopies();
    /** Per ingest instance, the status calls' answers while it lived: {@code 200 -> n}, {@code 404 -> n}... */
    private final Map<String, Map<String, Integer>> answers = new ConcurrentHashMap<>();
    /** The imports accepted: import id to account. */
    private final Map<String, String> imports = new ConcurrentHashMap<>();
    private final Map<String, ClusterClient> clients = new LinkedHashMap<>();
    /** Rounds of status calls done (every accepted import asked of every live ingest instance). */
    private final java.util.concurrent.atomic.AtomicInteger pollRounds = new java.util.concurrent.atomic.AtomicInteger();
    private ChaosCluster cluster;
    private GreenMail mail;

    FailoverRun(Settings settings, Path work) {
        if (settings.accounts() < 2 || settings.rows() < 1) {
            throw new IllegalArgumentException("failover.accounts must be at least 2 and failover.rows at least 1: " + settings);
        }
        this.settings = settings;
        this.work = work;
    }

    static String account(int k) {
        return "failover-" + k;
    }

    /** One account per import, each with its own block of numbers, made through account events. */
    DemoFixture fixture() {
        List<DemoFixture.Account> accounts = new ArrayList<>();
        for (int k = 1; k <= settings.accounts(); k++) {
            accounts.add(Benchmark.account(account(k), settings.rows(), "+" + firstNumber(k), false));
        }
        List<String> ids = accounts.stream().map(DemoFixture.Account::accountId).toList();
        return new DemoFixture(accounts, List.of(new DemoFixture.Administrator(ADMIN, ADMIN, ids)));
    }

    private long firstNumber(int k) {
        return 13122000000L + k * (2L * settings.rows() + 100);
    }

    // ---------------------------------------------------------------------------------- the run

    Report run() throws Exception {
        long start = System.nanoTime();
        DemoFixture fixture = fixture();
        mail = new GreenMail(new ServerSetup(ChaosCluster.freePort(), ChaosCluster.HOST, ServerSetup.PROTOCOL_SMTP));
        mail.start();
        cluster = ChaosCluster.inFreshFolder(work, fixture, mail.getSmtp().getPort(), INSTANCES);
        List<String> ingests = cluster.instancesOf("ingest");
        ingests.forEach(i -> clients.put(i, new ClusterClient(() -> cluster.api(i), ADMIN)));
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread mailWatcher = new Thread(() -> emails.watch(mail, watching, "failover"), "failover-mail-watcher");
        Thread poller = new Thread(() -> pollStatuses(watching), "failover-status-poller");
        try {
            cluster.startAll(fixture);
            for (DemoFixture.Account a : fixture.accounts()) {
                awaitKnown(a.accountId(), Duration.ofSeconds(120));
            }
            cluster.awaitCaughtUp(Topics.ACCOUNT_EVENTS.name(), Duration.ofMinutes(5));
            ChaosRun.log("failover: %d instances of each service ready after %.0f s: %s", INSTANCES, seconds(start),
                    cluster.members());
            mailWatcher.start();
            poller.start();

            // every file accepted, the accounts shared between the two ingest instances
            for (int k = 1; k <= settings.accounts(); k++) {
                upload(k, ingests.get(k % ingests.size()));
            }
            ChaosRun.log("failover: %d imports accepted", imports.size());

            // mid-run: once both ingest instances were asked about every import and the first
            // user is created, one instance of each service dies
            awaitPollRounds(pollRounds.get() + 1, Duration.ofMinutes(2));
            awaitFirstUser(Duration.ofMinutes(5));
            for (String victim : VICTIMS) {
                killed.add(victim);
                cluster.kill(victim);
                kills.add(new ChaosRun.Kill(ChaosCluster.service(victim), Instant.now(), false));
                ChaosRun.log("failover: killed %s (SIGKILL); not started again", victim);
            }
            int createdAtKill = ChaosRun.readAll(cluster.bootstrap(), Topics.USERS_CREATED).size();
            int rows = settings.accounts() * settings.rows();
            ChaosRun.log("failover: %d of %d users created when the kills were done", createdAtKill, rows);
            if (createdAtKill >= rows) {
                breaches.add("every user was created before the kills were done: nothing was taken over"
                        + " (more rows: -Dfailover.rows)");
            }

            String survivor = ingests.stream().filter(i -> !killed.contains(i)).findFirst().orElseThrow();
            Map<String, JsonNode> statuses = awaitFinal(survivor, Duration.ofMinutes(5));
            emails.awaitAll(() -> ChaosRun.readFacts(cluster.bootstrap()), Duration.ofSeconds(90), Duration.ofSeconds(1));
            watching.set(false);
            poller.join(10_000);
            mailWatcher.join(10_000);
            emails.scan(mail);
            return check(fixture, survivor, statuses, createdAtKill, seconds(start));
        } finally {
            watching.set(false);
            cluster.close();
            mail.stop();
        }
    }

    /** Waits until every ingest instance answers for the account (each asks the one that holds its partition). */
    private void awaitKnown(String accountId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String path = "/api/accounts/" + accountId + "/template";
        while (true) {
            int known = 0;
            for (ClusterClient c : clients.values()) {
                try {
                    known += c.get(path).statusCode() == 200 ? 1 : 0;
                } catch (IOException notYet) {
                    // starting
                }
            }
            if (known == clients.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " was answered 200 by " + known + " ingest instances in " + timeout);
            }
            Thread.sleep(500);
        }
    }

    /** Uploads account k's file to an ingest instance (the other one if that one is busy or rebalancing). */
    private void upload(int k, String preferred) throws Exception {
        String accountId = account(k);
        String csv = Benchmark.csv(settings.rows(), firstNumber(k), account(k) + ".example");
        List<String> order = new ArrayList<>(clients.keySet());
        order.remove(preferred);
        order.add(0, preferred);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            for (String instance : order) {
                HttpResponse<String> r = clients.get(instance).upload(accountId, "?passwordDelivery=USER_EMAIL",
                        accountId + ".csv", csv, Duration.ofSeconds(60));
                if (r.statusCode() == 202) {
                    imports.put(Json.MAPPER.readTree(r.body()).get("importId").asString(), accountId);
                    return;
                }
                if (r.statusCode() != 429 && r.statusCode() != 503) {
                    throw new IllegalStateException("upload to " + accountId + " on " + instance + " answered "
                            + r.statusCode() + ": " + r.body());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no ingest instance accepted " + accountId + "'s file in 3 minutes");
            }
            Thread.sleep(500);
        }
    }

    /** Waits until {@code user-created.v1} has a committed record (its last stable offsets, not its records: quick). */
    private void awaitFirstUser(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))) {
            Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
            for (int p = 0; p < ChaosCluster.PARTITIONS; p++) {
                ends.put(new TopicPartition(Topics.USERS_CREATED.name(), p), OffsetSpec.latest());
            }
            while (admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().values().stream()
                    .allMatch(o -> o.offset() == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no user created " + timeout + " after the uploads");
                }
                Thread.sleep(100);
            }
        }
    }

    private void awaitPollRounds(int rounds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pollRounds.get() < rounds) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the status calls to both ingest instances did not go round in " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Sends every accepted import's status call to every live ingest instance, over and over, until
     * the run settles: any answer but {@code 200} and {@code 503} (streams rebalancing) is a breach:
     * any instance answers for any account (ingest routes the call to the one that holds it). An instance killed by the run is not asked again; one that does not answer while
     * alive is counted ({@code no answer}).
     */
    private void pollStatuses(AtomicBoolean running) {
        while (running.get()) {
            for (var e : Map.copyOf(imports).entrySet()) {
                String path = "/api/accounts/" + e.getValue() + "/imports/" + e.getKey() + "?size=1";
                for (var c : clients.entrySet()) {
                    if (killed.contains(c.getKey()) || !running.get()) {
                        continue;
                    }
                    String answer;
                    try {
                        int code = c.getValue().get(path).statusCode();
                        answer = String.valueOf(code);
                        boolean tolerated = code == 503;
                        if (code != 200 && !tolerated && !killed.contains(c.getKey())) {
                            breaches.add("GET " + path + " on " + c.getKey() + " answered " + code);
                        }
                    } catch (IOException noAnswer) {
                        answer = killed.contains(c.getKey()) ? "killed" : "no answer";
                    }
                    answers.computeIfAbsent(c.getKey(), x -> new ConcurrentHashMap<>()).merge(answer, 1, Integer::sum);
                }
            }
            pollRounds.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Polls every import's status on the surviving ingest instance until each is final. */
    private Map<String, JsonNode> awaitFinal(String survivor, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> statuses = new TreeMap<>();
        while (true) {
            List<String> open = ChaosRun.notFinalYet(clients.get(survivor), imports, imports::get, statuses);
            if (open.isEmpty()) {
                ChaosRun.log("failover: every import final on %s", survivor);
                return statuses;
            }
            if (System.nanoTime() > deadline) {
                open.forEach(o -> breaches.add("import not final on " + survivor + " " + timeout.toSeconds()
                        + " s after the kills: " + o));
                return statuses;
            }
            Thread.sleep(1000);
        }
    }

    // ---------------------------------------------------------------------------------- checks

    private Report check(DemoFixture fixture, String survivor, Map<String, JsonNode> statuses, int createdAtKill, double seconds)
            throws Exception {
        ChaosRun.Facts facts = ChaosRun.readFacts(cluster.bootstrap());
        if (facts.requested.size() != settings.accounts()) {
            breaches.add(facts.requested.size() + " imports requested on the topics for " + settings.accounts() + " uploads accepted");
        }
        ChaosRun.Verdict v = ChaosRun.checkTopics(fixture, facts, emails.copies(), kills, breaches);
        // every import COMPLETED with every row created, as the surviving instance serves it
        for (var e : imports.entrySet()) {
            JsonNode s = statuses.get(e.getKey());
            long created = v.createdPerImport().getOrDefault(e.getKey(), 0L);
            if (s == null) {
                continue;
            }
            if (!s.get("status").asString().equals("COMPLETED") || s.get("counts").get("created").asLong() != settings.rows()) {
                breaches.add("import " + e.getKey() + " on " + e.getValue() + " ended " + s.get("status").asString() + " "
                        + s.get("counts") + ", not COMPLETED with " + settings.rows() + " created");
            }
            if (created != settings.rows()) {
                breaches.add("import " + e.getKey() + " on " + e.getValue() + ": the topics have " + created
                        + " users created, not " + settings.rows());
            }
            HttpResponse<String> users = clients.get(survivor).get("/api/accounts/" + e.getValue() + "/imports/" + e.getKey()
                    + "/users?size=1000");
            if (users.statusCode() != 200 || Json.MAPPER.readTree(users.body()).size() != created) {
                breaches.add("import " + e.getKey() + ": " + survivor + " lists its users with " + users.statusCode()
                        + " (" + (users.statusCode() == 200 ? Json.MAPPER.readTree(users.body()).size() + " users" : users.body())
                        + "), the topics " + created);
            }
        }
        Map<String, Long> byStatus = statuses.values().stream()
                .collect(Collectors.groupingBy(s -> s.get("status").asString(), TreeMap::new, Collectors.counting()));
        String figures = String.format("FAILOVER %d instances of each service, killed %s, imports %d (%s), rows %d,"
                + " users %d (%d when the kills were done), emails %d, duplicates %d, losses %d, window re-sends %d,"
                + " status calls %s, breaches %d, wall time %.0f s",
                INSTANCES, VICTIMS, imports.size(),
                byStatus.entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).collect(Collectors.joining(", ")),
                v.rows(), v.users(), createdAtKill, v.emails(), v.duplicates(), v.losses(), v.window().size(),
                new TreeMap<>(answers), breaches.size(), seconds);
        return new Report(figures, List.copyOf(breaches), v.window());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
