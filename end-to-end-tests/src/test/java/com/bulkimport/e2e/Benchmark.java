package com.bulkimport.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import com.bulkimport.events.BundleService;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.Json;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.PipelineTopology;
import com.bulkimport.pipeline.StreamsRunner;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * The benchmark (issue 13): the broker and the four services as separate processes
 * ({@link ChaosCluster}), GreenMail as the SMTP server, and beside the pipeline's figures the two
 * limits measured in the same run on the same broker and the same SMTP server. Each figure is a
 * list of samples (seconds), shown as median and worst.
 * <ol>
 * <li>a {@code rows}-row import, every column filled (numbers, extensions, Bridge fields), on an
 * account of its own made through account events: upload → {@code COMPLETED}, and upload → the
 * last email accepted by the SMTP server;</li>
 * <li>validate-only of the same kind of file: the first import after the services start (one
 * sample per start), and warm;</li>
 * <li>{@code accounts} accounts (50 in the full run) importing a {@code rows}-row file each at once:
 * users created and emails accepted per second over the burst, each import's upload →
 * {@code COMPLETED}, and the users' rate as a share of limit (a) carrying as many records;</li>
 * <li>the limits: (a) the same number of records through a pass-through Kafka Streams chain with
 * as many hops as the pipeline (ingest's transactional producer, then three exactly_once_v2 apps
 * with {@link StreamsRunner#settings}), (b) the same emails sent straight to the same SMTP server
 * over as many connections as the notification service's {@code connections};</li>
 * <li>optional ({@code scaleRows} &gt; 0, {@code ./benchmark.sh --scale}): {@code scaleRows} rows
 * created on one account, ingest's limits raised for the run: upload → {@code COMPLETED}, its
 * ratio to scenario 1's median scaled by rows, the creation rate early and late in the import,
 * and every service's peak heap ({@link GcLog}).</li>
 * </ol>
 * Every account is made through account events in {@link #fixture()}, and nothing is measured
 * before every service has read them; the table and the file take whatever figures there are.
 */
final class Benchmark {

    /**
     * What to run: rows per file, counted runs per figure, uncounted warm-up imports, the accounts
     * importing at once in scenario 3, and the rows of scenario 5 (0: scenario 5 is not run).
     */
    record Settings(int rows, int runs, int warmups, int accounts, int scaleRows) {

        static Settings fromSystemProperties(Settings defaults) {
            return new Settings(Integer.getInteger("bench.rows", defaults.rows()),
                    Integer.getInteger("bench.runs", defaults.runs()),
                    Integer.getInteger("bench.warmups", defaults.warmups()),
                    Integer.getInteger("bench.accounts", defaults.accounts()),
                    Integer.getInteger("bench.scaleRows", defaults.scaleRows()));
        }
    }

    /** One measured figure: its samples in seconds, and the issue's target for it (text), if any. */
    record Figure(String key, String name, List<Double> seconds, String target) {

        double median() {
            List<Double> s = new ArrayList<>(seconds);
            Collections.sort(s);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        double worst() {
            return Collections.max(seconds);
        }
    }

    /**
     * Scenario 3's rates: users created per second and emails accepted per second over the whole
     * burst (first upload → last {@code COMPLETED}, → last email), the users' rate as a share of the
     * pass-through limit's records per second for as many records, and the uploads answered
     * {@code 429}/{@code 503} (tried again after their {@code Retry-After}).
     */
    record Many(int accounts, int rows, double usersPerSecond, double emailsPerSecond, double passThroughRecordsPerSecond,
            int busyAnswers) {

        double shareOfPassThrough() {
            return usersPerSecond / passThroughRecordsPerSecond;
        }
    }

    /**
     * Scenario 5: upload → {@code COMPLETED} of {@code rows} rows, its ratio to {@code rows / 1,000}
     * times scenario 1's median (scaled by rows: linear is at most 1), the creation rate in the
     * first and the last fifth of the rows created (a rate that falls as the account fills is
     * something growing per row), and each service's heap over the import.
     */
    record Scale(int rows, double seconds, double toLinear, double firstFifthRowsPerSecond, double lastFifthRowsPerSecond,
            List<GcLog.Heap> heaps) {
    }

    /** The run's figures and the ratios of the pipeline to its limits; {@link #table()} is what is printed. */
    record Report(Settings settings, List<Figure> figures, double completedToPassThrough, double emailToSmtp,
            int smtpConnections, long commitIntervalMs, Many many, Scale scale, String table) {

        Figure figure(String key) {
            return figures.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
        }
    }

    static final String ADMIN = "bench-admin";
    /** Emails per created user with password delivery to the user: the temporary password and the welcome. */
    static final int EMAILS_PER_USER = 2;
    private static final String VALIDATE_ACCOUNT = "bench-validate";
    /** Scenario 5's account, with numbers from +1 646 200 0000 on (apart from the other accounts' block). */
    static final String SCALE_ACCOUNT = "bench-scale";
    private static final long SCALE_FIRST_NUMBER = 16462000000L;
    /** Scenario 5's heap: the issue's bound per service (the other scenarios keep ChaosCluster's -Xmx). */
    static final int SCALE_HEAP_MB = 512;
    private static final String TRUNK = "Bench-Trunk";
    private static final String LOCATION = "Main Company Address";
    /** The pipeline's hops: upload → validation → provisioning → notification. */
    static final int HOPS = 3;

    private final Settings settings;
    private final Path work;
    private final ClusterClient client = new ClusterClient(() -> this.cluster.api(), ADMIN);
    private final List<Figure> figures = new ArrayList<>();
    /** Scenario 1: the CPU seconds each process spent per counted import. */
    private Map<String, Double> cpuPerImport = Map.of();
    private ChaosCluster cluster;
    private GreenMail mail;

    Benchmark(Settings settings, Path work) {
        if (settings.rows() < 1 || settings.runs() < 1 || settings.warmups() < 0 || settings.accounts() < 1
                || settings.scaleRows() < 0) {
            throw new IllegalArgumentException("bench.rows, bench.runs and bench.accounts must be at least 1, bench.warmups and"
                    + " bench.scaleRows at least 0: " + settings);
        }
        this.settings = settings;
        this.work = work;
    }

    // --------------------------------------------------------------------------------- accounts

    /**
     * One account per import (so each import finds every number and extension free): scenario 1's,
     * scenario 3's, scenario 5's; and one for validate-only.
     */
    DemoFixture fixture() {
        List<DemoFixture.Account> accounts = new ArrayList<>();
        accounts.add(account(VALIDATE_ACCOUNT, 0));
        for (int k = 1; k <= settings.warmups() + settings.runs() + settings.accounts(); k++) {
            accounts.add(account(importAccount(k), k));
        }
        if (settings.scaleRows() > 0) {
            // silent: no welcome email, and the passwords are not delivered (see scale())
            accounts.add(account(SCALE_ACCOUNT, settings.scaleRows(), "+" + SCALE_FIRST_NUMBER, true));
        }
        List<String> ids = accounts.stream().map(DemoFixture.Account::accountId).toList();
        return new DemoFixture(accounts, List.of(new DemoFixture.Administrator(ADMIN, ADMIN, ids)));
    }

    static String importAccount(int k) {
        return "bench-" + k;
    }

    private DemoFixture.Account account(String id, int k) {
        return account(id, settings.rows(), firstNumber(k), false);
    }

    /** On premises (so the Bridge columns apply), licences and numbers for every row. */
    static DemoFixture.Account account(String id, int rows, String firstNumber, boolean silent) {
        return new DemoFixture.Account(id, "Benchmark " + id, true, silent, Set.of(BundleService.values()), 3, 6,
                List.of(new DemoFixture.Licence("Bridge", rows + 10, 0), new DemoFixture.Licence("Essentials", 10, 0)),
                List.of(new DemoFixture.NumberRange(firstNumber, 2 * rows + 10, false)),
                List.of(new DemoFixture.Location(LOCATION, true)), List.of(), List.of(), List.of(TRUNK));
    }

    /** Each account its own block of numbers, from +1 312 200 0000 on. */
    private String firstNumber(int k) {
        return "+1" + (3122000000L + k * (2L * settings.rows() + 100));
    }

    /** The file: every column of the on-premises template filled on every row, all valid. */
    String csv(int k) {
        return csv(settings.rows(), Long.parseLong(firstNumber(k).substring(1)), domain(k));
    }

    private static String domain(int k) {
        return "bench" + k + ".example";
    }

    /** A row's user's address (its {@code Email} column), where its emails go. */
    private static String userEmail(int row, String domain) {
        return "user" + row + "@" + domain;
    }

    /**
     * Gives each user of account k's file a mailbox on the SMTP server before the import, as a real
     * mail system has them. GreenMail would otherwise make each on its first email (and log a line
     * for it): work that the direct-SMTP limit, sending again to the mailboxes the import made, does
     * not do. Measured apart: 2,000 emails to 1,000 new mailboxes took 0.98–1.22 s against
     * 0.79–0.98 s to existing ones (docs/performance.md).
     */
    private void mailboxes(int k) {
        for (int i = 0; i < settings.rows(); i++) {
            String address = userEmail(i, domain(k));
            mail.setUser(address, address, address);
        }
    }

    /** The file of {@code rows} rows, numbers from {@code first} (two per row), addresses at {@code domain}. */
    static String csv(int rows, long first, String domain) {
        StringBuilder csv = new StringBuilder(rows * 360);
        List<String> headers = new ArrayList<>();
        for (TemplateColumn c : TemplateColumn.values()) {
            headers.add(c.header());
        }
        csv.append(String.join(",", headers)).append("\r\n");
        for (int i = 0; i < rows; i++) {
            String primary = "+" + (first + 2L * i);
            String additional = "+" + (first + 2L * i + 1);
            List<String> cells = new ArrayList<>();
            for (TemplateColumn c : TemplateColumn.values()) {
                cells.add(switch (c) {
                    case DISPLAY_NAME -> "Bench User " + i;
                    case EMAIL -> userEmail(i, domain);
                    case LICENCE_TYPE -> "Bridge";
                    case FIRST_NAME -> "Bench";
                    case LAST_NAME -> "User" + i;
                    case JOB_TITLE -> "Engineer";
                    case DEPARTMENT -> "Sales";
                    case PRIMARY_NUMBER -> primary;
                    case ADDITIONAL_NUMBERS -> additional;
                    case EXTENSION -> String.valueOf(100000 + i);
                    case VOICE_LOCATION -> LOCATION;
                    case CLOUD_EXTENSION -> String.valueOf(500000 + i);
                    case SIP_TIE_TRUNK -> TRUNK;
                    case TIME_ZONE -> "UTC+1";
                    case CALLER_ID -> primary;
                    case CALL_TIMEOUT -> "20";
                    case VOICEMAIL_PIN -> String.valueOf(100000 + (i * 7919L) % 900000);
                    case VOICEMAIL_OPERATOR -> "100";
                    case AUTO_DELETE_VOICEMAIL -> "30";
                    case VOICEMAIL_TRANSCRIPTION -> "yes";
                    case VOICEMAIL_EMAIL -> "voicemail" + i + "@" + domain;
                    case SMS_ON_VOICEMAIL -> "+1 (212) 555-0150";
                });
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    // ---------------------------------------------------------------------------------- the run

    Report run() throws Exception {
        DemoFixture fixture = fixture();
        mail = new GreenMail(new ServerSetup(ChaosCluster.freePort(), ChaosCluster.HOST, ServerSetup.PROTOCOL_SMTP));
        mail.start();
        cluster = ChaosCluster.inFreshFolder(work, fixture, mail.getSmtp().getPort());
        // the broker's clock on every record, so that each import's timeline says when each hop wrote
        cluster.brokerSettings(List.of("log.message.timestamp.type=LogAppendTime"));
        if (settings.scaleRows() > 0) {
            // scenario 5's file through ingest's limits, raised by configuration for this run only
            cluster.serviceSettings("ingest", List.of("--bulkimport.upload.max-rows=" + settings.scaleRows(),
                    "--bulkimport.upload.max-file-bytes=" + scaleFileBytes()));
            for (String s : ChaosCluster.SERVICES) {
                cluster.serviceJvm(s, List.of("-Xmx" + SCALE_HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError"));
            }
        }
        try {
            long start = System.nanoTime();
            cluster.startAll(fixture);
            for (DemoFixture.Account a : fixture.accounts()) {
                awaitOk("/api/accounts/" + a.accountId() + "/template", Duration.ofSeconds(120));
            }
            // the account events in every service's stores before anything is measured (the scale
            // account's 500,000 numbers take minutes: they would slow scenario 1 down otherwise)
            List<String> readers = cluster.awaitCaughtUp(Topics.ACCOUNT_EVENTS.name(), Duration.ofMinutes(30));
            log("account events (%d) read by %s", fixture.accountEvents().size(), readers);
            log("ready after %.0f s: %d rows, %d runs, %d warm-up imports", (System.nanoTime() - start) / 1e9,
                    settings.rows(), settings.runs(), settings.warmups());

            // 2, first after start: before anything else reaches the services
            String validateCsv = csv(0);
            Figure cold = new Figure("validate-first", "2. validate-only, first import after start (1 per start)",
                    List.of(validateOnly(validateCsv)), "<= 1 s");

            // 1: the imports (warm-ups uncounted), each on its own account
            List<Double> completed = new ArrayList<>();
            List<Double> lastEmail = new ArrayList<>();
            List<MimeMessage> sentEmails = List.of();
            Map<String, Double> cpuBefore = Map.of();
            for (int k = 1; k <= settings.warmups() + settings.runs(); k++) {
                if (k == settings.warmups() + 1) {
                    cpuBefore = cluster.cpuSeconds();
                }
                double[] times = importOnce(k);
                sentEmails = List.of(mail.getReceivedMessages());
                mail.purgeEmailFromAllMailboxes();
                if (k > settings.warmups()) {
                    completed.add(times[0]);
                    lastEmail.add(times[1]);
                }
            }

            cpuPerImport = perImport(cpuBefore, cluster.cpuSeconds(), settings.runs());

            // 2, warm
            List<Double> warm = new ArrayList<>();
            for (int r = 0; r < settings.runs(); r++) {
                warm.add(validateOnly(validateCsv));
            }

            // 4: the limits, on the same broker and the same SMTP server
            long commitIntervalMs = new PipelineProperties(null, null, null, null).commitIntervalMs();
            List<Double> passThrough = passThrough(settings.rows(), commitIntervalMs);
            int connections = smtpConnections();
            List<Double> smtp = directSmtp(sentEmails, connections);

            figures.add(new Figure("completed", "1. import, upload -> COMPLETED", completed, "<= 1 s median"));
            figures.add(new Figure("last-email", "1. import, upload -> last email accepted (" + sentEmails.size() + " emails)",
                    lastEmail, "<= 1.5 x direct SMTP"));
            figures.add(new Figure("validate-warm", "2. validate-only, warm", warm, "<= 0.3 s"));
            figures.add(cold);
            figures.add(new Figure("pass-through", "4a. limit: pass-through, " + settings.rows() + " records, " + HOPS
                    + " EOS-v2 hops after a transactional producer", passThrough, ""));
            figures.add(new Figure("smtp", "4b. limit: " + sentEmails.size() + " emails straight to the SMTP server, "
                    + connections + " connections", smtp, ""));

            double r1 = figures.get(0).median() / figures.get(4).median();
            double r2 = figures.get(1).median() / figures.get(5).median();

            // 3, beside 4a carrying as many records
            Many many = many(commitIntervalMs);

            // 5, last: its heap is read from the services' GC logs from here on
            Scale scale = settings.scaleRows() > 0 ? scale(figures.get(0).median()) : null;

            return new Report(settings, List.copyOf(figures), r1, r2, connections, commitIntervalMs, many, scale,
                    table(r1, r2, sentEmails.size(), connections, commitIntervalMs, many, scale));
        } finally {
            cluster.close();
            mail.stop();
        }
    }

    /** Uploads account k's file; answers {upload → COMPLETED, upload → last email accepted} in seconds. */
    private double[] importOnce(int k) throws Exception {
        String account = importAccount(k);
        int expectedEmails = EMAILS_PER_USER * settings.rows();
        mailboxes(k);
        int mailboxesBefore = mail.getUserManager().listUser().size();
        long t0 = System.nanoTime();
        Map<String, Long> offsetsBefore = Timeline.endOffsets(cluster.bootstrap());
        long t0EpochMs = System.currentTimeMillis();
        String importId = upload(account, csv(k), "?passwordDelivery=USER_EMAIL");
        JsonNode status = awaitStatus(account, importId, "COMPLETED", Duration.ofMinutes(10));
        double completed = (System.nanoTime() - t0) / 1e9;
        long created = status.get("counts").get("created").asLong();
        if (created != settings.rows()) {
            throw new IllegalStateException("import " + importId + " on " + account + " created " + created + " of "
                    + settings.rows() + " rows: " + status);
        }
        if (!mail.waitForIncomingEmail(Duration.ofMinutes(10).toMillis(), expectedEmails)) {
            throw new IllegalStateException("import " + importId + ": " + mail.getReceivedMessages().length + " of "
                    + expectedEmails + " emails in 10 minutes");
        }
        double lastEmail = (System.nanoTime() - t0) / 1e9;
        if (mail.getUserManager().listUser().size() != mailboxesBefore) {
            throw new IllegalStateException("import " + importId + ": GreenMail made mailboxes for the emails (from "
                    + mailboxesBefore + " to " + mail.getUserManager().listUser().size()
                    + "): they went to addresses without a mailbox made before the import");
        }
        log("import %d (%s): COMPLETED %.3f s, last email %.3f s; where its time went:%n  %s%n  %s", k, account, completed,
                lastEmail, String.join("\n  ", Timeline.of(cluster.bootstrap(), importId, t0EpochMs).stream()
                        .map(Timeline.Hop::toString).toList()),
                Timeline.appended(offsetsBefore, Timeline.endOffsets(cluster.bootstrap())));
        return new double[] { completed, lastEmail };
    }

    /** A validate-only upload on the validate account: seconds from upload to {@code VALIDATED}. */
    private double validateOnly(String csv) throws Exception {
        long t0 = System.nanoTime();
        long t0EpochMs = System.currentTimeMillis();
        String importId = upload(VALIDATE_ACCOUNT, csv, "?validateOnly=true&passwordDelivery=USER_EMAIL");
        JsonNode status = awaitStatus(VALIDATE_ACCOUNT, importId, "VALIDATED", Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status.get("counts").get("validated").asLong() != settings.rows()) {
            throw new IllegalStateException("validate-only " + importId + ": not every row valid: " + status);
        }
        log("validate-only: %.3f s; where its time went:\n  %s", seconds, String.join("\n  ",
                Timeline.of(cluster.bootstrap(), importId, t0EpochMs).stream().map(Timeline.Hop::toString).toList()));
        return seconds;
    }

    // ------------------------------------------------------------------------------- scenario 3

    /**
     * Scenario 3: {@code accounts} accounts upload their {@code rows}-row files at once, each from
     * its own thread, as that many administrators would; an upload answered {@code 429}/{@code 503}
     * (ingest parses {@code max-concurrent-parses} files at a time) is sent again after its
     * {@code Retry-After}, and its latency counts from the first try. Adds the latency figures (each
     * import's upload → {@code COMPLETED}; first upload → last {@code COMPLETED}; first upload → last
     * email) and the pass-through limit for {@code accounts × rows} records.
     */
    private Many many(long commitIntervalMs) throws Exception {
        int n = settings.accounts();
        int first = settings.warmups() + settings.runs() + 1;
        List<String> files = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            files.add(csv(first + j));
            mailboxes(first + j);
        }
        int expectedEmails = EMAILS_PER_USER * settings.rows() * n;
        mail.purgeEmailFromAllMailboxes();
        java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Double>> latencies = new ArrayList<>();
        long t0;
        try {
            for (int j = 0; j < n; j++) {
                String account = importAccount(first + j);
                String file = files.get(j);
                latencies.add(pool.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    String importId = uploadWhenFree(account, file, "?passwordDelivery=USER_EMAIL", busy);
                    JsonNode status = awaitStatus(account, importId, "COMPLETED", Duration.ofMinutes(30), 200);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long created = status.get("counts").get("created").asLong();
                    if (created != settings.rows()) {
                        throw new IllegalStateException("import " + importId + " on " + account + " created " + created
                                + " of " + settings.rows() + " rows: " + status);
                    }
                    return seconds;
                }));
            }
            t0 = System.nanoTime();
            go.countDown();
            List<Double> each = new ArrayList<>();
            for (Future<Double> f : latencies) {
                each.add(f.get());
            }
            double allCompleted = (System.nanoTime() - t0) / 1e9;
            log("scenario 3: %d imports of %d rows COMPLETED after %.3f s (%d uploads answered busy)", n, settings.rows(),
                    allCompleted, busy.get());
            if (!mail.waitForIncomingEmail(Duration.ofMinutes(60).toMillis(), expectedEmails)) {
                throw new IllegalStateException("scenario 3: " + mail.getReceivedMessages().length + " of " + expectedEmails
                        + " emails in 60 minutes");
            }
            double lastEmail = (System.nanoTime() - t0) / 1e9;
            log("scenario 3: %d emails accepted after %.3f s", expectedEmails, lastEmail);
            mail.purgeEmailFromAllMailboxes();

            int records = n * settings.rows();
            List<Double> passThrough = passThrough(records, commitIntervalMs);
            figures.add(new Figure("many-completed", "3. " + n + " accounts at once, each import upload -> COMPLETED",
                    each, ""));
            figures.add(new Figure("many-all-completed", "3. " + n + " accounts at once, first upload -> last COMPLETED ("
                    + records + " users)", List.of(allCompleted), ""));
            figures.add(new Figure("many-last-email", "3. " + n + " accounts at once, first upload -> last email ("
                    + expectedEmails + " emails)", List.of(lastEmail), ""));
            Figure limit = new Figure("pass-through-many", "4a. limit: pass-through, " + records + " records, " + HOPS
                    + " EOS-v2 hops after a transactional producer", passThrough, "");
            figures.add(limit);
            return new Many(n, settings.rows(), records / allCompleted, expectedEmails / lastEmail,
                    records / limit.median(), busy.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** An upload that, answered {@code 429} or {@code 503}, is sent again after the answer's {@code Retry-After}. */
    private String uploadWhenFree(String account, String csv, String query, java.util.concurrent.atomic.AtomicInteger busy)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            HttpResponse<String> r = client.upload(account, query, account + ".csv", csv, Duration.ofSeconds(120));
            if (r.statusCode() == 202) {
                return Json.MAPPER.readTree(r.body()).get("importId").asString();
            }
            if ((r.statusCode() != 429 && r.statusCode() != 503) || System.nanoTime() > deadline) {
                throw new IllegalStateException("upload to " + account + " answered " + r.statusCode() + ": " + r.body());
            }
            busy.incrementAndGet();
            long seconds = r.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        }
    }

    // ------------------------------------------------------------------------------- scenario 5

    /** The scale file's size with a margin: ingest's {@code max-file-bytes} for the run. */
    private long scaleFileBytes() {
        return 400L * settings.scaleRows() + 1_000_000;
    }

    /**
     * Scenario 5: {@code scaleRows} rows created on an account with enough licences and numbers
     * for them (ingest's limits raised for the run, every service at {@link #SCALE_HEAP_MB} MB).
     * The account is silent and the passwords are not delivered ({@code passwordDelivery=NONE}, one
     * of the contract's modes): no email is sent, so the figure is creation alone and 500,000 emails
     * do not fill the driver's GreenMail; scenarios 1 and 3 measure the emails. The status is polled
     * every 500 ms (page size 5: only the counts are read). Each service's heap over the import is
     * read from its GC log: from the log's length at the start, and a last full collection
     * ({@code jcmd GC.run}) at the end so that the heap in use since the last collection is in it.
     */
    private Scale scale(double completedMedian) throws Exception {
        int rows = settings.scaleRows();
        String file = csv(rows, SCALE_FIRST_NUMBER, "scale.example");
        log("scenario 5: %d rows, %.1f MB", rows, file.length() / 1e6);
        Map<String, Long> logStart = new java.util.LinkedHashMap<>();
        for (String s : ChaosCluster.SERVICES) {
            logStart.put(s, GcLog.length(cluster.gcLog(s)));
        }
        long t0 = System.nanoTime();
        String importId;
        try {
            importId = upload(SCALE_ACCOUNT, file, "?passwordDelivery=NONE", Duration.ofMinutes(15));
        } catch (IOException e) {
            // a service that ran out of heap stops (-XX:+ExitOnOutOfMemoryError): say which
            throw new IllegalStateException("scenario 5: the upload of " + rows + " rows got no answer (" + e + "); services"
                    + " stopped: " + ChaosCluster.SERVICES.stream().filter(s -> !cluster.alive(s)).toList() + "; see "
                    + cluster.logs(), e);
        }
        file = null;
        log("scenario 5: uploaded in %.1f s", (System.nanoTime() - t0) / 1e9);
        long deadline = t0 + Duration.ofMinutes(90).toNanos();
        String path = "/api/accounts/" + SCALE_ACCOUNT + "/imports/" + importId + "?size=5";
        List<double[]> progress = new ArrayList<>();
        long lastLog = 0;
        JsonNode status;
        while (true) {
            for (String s : ChaosCluster.SERVICES) {
                if (!cluster.alive(s)) {
                    throw new IllegalStateException("scenario 5: " + s + " stopped during the import; see "
                            + cluster.logs().resolve(s + ".log"));
                }
            }
            HttpResponse<String> r = get(path);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("scenario 5: status answered " + r.statusCode() + ": " + r.body());
            }
            status = Json.MAPPER.readTree(r.body());
            double at = (System.nanoTime() - t0) / 1e9;
            long created = status.get("counts").get("created").asLong();
            progress.add(new double[] { at, created });
            String st = status.get("status").asString();
            if (System.nanoTime() - lastLog > Duration.ofSeconds(15).toNanos()) {
                log("scenario 5: %.0f s: %s, %d created, counts %s", at, st, created, status.get("counts"));
                lastLog = System.nanoTime();
            }
            if (st.equals("COMPLETED")) {
                break;
            }
            if (!st.equals("VALIDATING") && !st.equals("IN_PROGRESS")) {
                throw new IllegalStateException("scenario 5: import " + importId + " ended " + st + ": " + r.body());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("scenario 5: not COMPLETED in 90 minutes: " + r.body());
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long created = status.get("counts").get("created").asLong();
        if (created != rows) {
            throw new IllegalStateException("scenario 5: created " + created + " of " + rows + " rows: " + status);
        }
        List<GcLog.Heap> heaps = new ArrayList<>();
        for (String s : ChaosCluster.SERVICES) {
            cluster.collectGarbage(s);
        }
        Thread.sleep(1000);
        for (String s : ChaosCluster.SERVICES) {
            heaps.add(GcLog.heap(s, cluster.gcLog(s), logStart.get(s)));
        }
        double linear = seconds / (completedMedian * rows / settings.rows());
        double firstFifth = rate(progress, 0, rows / 5);
        double lastFifth = rate(progress, rows - rows / 5, rows);
        log("scenario 5: COMPLETED in %.1f s (%.2f of linear); created/s first fifth %.0f, last fifth %.0f; heaps %s", seconds,
                linear, firstFifth, lastFifth, heaps);
        figures.add(new Figure("scale-completed", "5. " + rows + "-row import created, upload -> COMPLETED", List.of(seconds),
                "<= " + rows / settings.rows() + " x scenario 1's median"));
        return new Scale(rows, seconds, linear, firstFifth, lastFifth, heaps);
    }

    /**
     * Rows created per second from the last sample (time, created) with at most {@code from} rows
     * created to the first with at least {@code to}.
     */
    static double rate(List<double[]> progress, long from, long to) {
        double[] a = progress.stream().filter(p -> p[1] <= from).reduce((x, y) -> y).orElse(progress.get(0));
        double[] b = progress.stream().filter(p -> p[1] >= to).findFirst().orElse(progress.get(progress.size() - 1));
        return b[0] > a[0] ? (b[1] - a[1]) / (b[0] - a[0]) : Double.NaN;
    }

    // ---------------------------------------------------------------------------- limit (a)

    /**
     * The Kafka limit: {@code records} records of a row's size written in one transaction (as ingest
     * writes a file), then carried unchanged through {@link #HOPS} Kafka Streams apps with the
     * pipeline's settings ({@code exactly_once_v2}, its commit interval), read at the end with
     * {@code read_committed}. One uncounted warm-up pass, then {@code runs} counted ones.
     */
    private List<Double> passThrough(int records, long commitIntervalMs) throws Exception {
        String prefix = "bench-hop-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (int h = 0; h <= HOPS; h++) {
                topics.add(new NewTopic(prefix + h, ChaosCluster.PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        List<KafkaStreams> apps = new ArrayList<>();
        for (int h = 0; h < HOPS; h++) {
            // Each hop forwards every record unchanged, through the processor wrapper the pipeline's
            // processors run in (so it commits as they do: at the interval, and when idle).
            Topology hop = new Topology()
                    .addSource("in", new StringDeserializer(), new ByteArrayDeserializer(), prefix + h)
                    .addProcessor("forward", () -> PipelineTopology.observed(new Processor<String, byte[], String, byte[]>() {
                        private ProcessorContext<String, byte[]> context;

                        @Override
                        public void init(ProcessorContext<String, byte[]> context) {
                            this.context = context;
                        }

                        @Override
                        public void process(Record<String, byte[]> record) {
                            context.forward(record);
                        }
                    }), "in")
                    .addSink("out", prefix + (h + 1), new StringSerializer(), new ByteArraySerializer(), "forward");
            Properties p = StreamsRunner.settings(prefix + "app-" + h, cluster.bootstrap(), new PipelineProperties(
                    ChaosCluster.PARTITIONS, (short) 1, work.resolve("pass-through").resolve("hop-" + h).toString(), commitIntervalMs));
            KafkaStreams app = new KafkaStreams(hop, p);
            app.start();
            apps.add(app);
        }
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "producer", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        byte[] value = csv(0).lines().skip(1).findFirst().orElseThrow().getBytes(StandardCharsets.UTF_8);
        List<Double> samples = new ArrayList<>();
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
                var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            producer.initTransactions();
            List<TopicPartition> end = new ArrayList<>();
            for (int p = 0; p < ChaosCluster.PARTITIONS; p++) {
                end.add(new TopicPartition(prefix + HOPS, p));
            }
            consumer.assign(end);
            consumer.seekToEnd(end);
            end.forEach(consumer::position);
            for (int run = 0; run <= settings.runs(); run++) {
                long t0 = System.nanoTime();
                producer.beginTransaction();
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(prefix + 0, "import-" + run + "-row-" + i, value));
                }
                producer.commitTransaction();
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (seen < records) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("pass-through: " + seen + " of " + records + " records in 5 minutes");
                    }
                    seen += consumer.poll(Duration.ofMillis(20)).count();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                log("pass-through %s: %d records through %d hops in %.3f s", run == 0 ? "warm-up" : "run " + run, records, HOPS, seconds);
                if (run > 0) {
                    samples.add(seconds);
                }
            }
        } finally {
            apps.forEach(a -> a.close(Duration.ofSeconds(30)));
        }
        return samples;
    }

    // ---------------------------------------------------------------------------- limit (b)

    /** The notification service's SMTP connections: its {@code bulkimport.notification.connections}. */
    static int smtpConnections() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("notification-service.yml"));
        String value = yaml.getObject().getProperty("bulkimport.notification.connections");
        if (value == null) {
            throw new IllegalStateException("notification-service.yml has no bulkimport.notification.connections");
        }
        return Integer.parseInt(value);
    }

    /**
     * The SMTP limit: the emails the last import sent, sent again straight to the same GreenMail by
     * a plain client over {@code connections} connections (one open transport each, the emails dealt
     * round). One uncounted warm-up pass, then {@code runs} counted ones.
     */
    private List<Double> directSmtp(List<MimeMessage> emails, int connections) throws Exception {
        if (emails.isEmpty()) {
            throw new IllegalStateException("no email to send straight to the SMTP server");
        }
        Properties props = new Properties();
        props.put("mail.smtp.host", ChaosCluster.HOST);
        props.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(props);
        List<Double> samples = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            for (int run = 0; run <= settings.runs(); run++) {
                mail.purgeEmailFromAllMailboxes();
                long t0 = System.nanoTime();
                List<Future<Integer>> sent = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    int me = c;
                    sent.add(pool.submit(() -> {
                        int n = 0;
                        try (Transport transport = session.getTransport("smtp")) {
                            transport.connect();
                            for (int i = me; i < emails.size(); i += connections) {
                                MimeMessage m = emails.get(i);
                                transport.sendMessage(m, m.getAllRecipients());
                                n++;
                            }
                        }
                        return n;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : sent) {
                    total += f.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (total != emails.size() || mail.getReceivedMessages().length < emails.size()) {
                    throw new IllegalStateException("direct SMTP: " + total + " of " + emails.size() + " emails accepted");
                }
                log("direct SMTP %s: %d emails over %d connections in %.3f s", run == 0 ? "warm-up" : "run " + run,
                        total, connections, seconds);
                if (run > 0) {
                    samples.add(seconds);
                }
            }
        } finally {
            pool.shutdownNow();
            mail.purgeEmailFromAllMailboxes();
        }
        return samples;
    }

    // ---------------------------------------------------------------------------------- report

    private String table(double completedRatio, double emailRatio, int emails, int connections, long commitIntervalMs,
            Many many, Scale scale) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("BENCHMARK %s, %d rows, %d runs per figure (+%d warm-up imports), %d accounts at once, %d scale rows,"
                + " %d cores, Java %s%n", Instant.now().toString().substring(0, 19) + "Z", settings.rows(), settings.runs(),
                settings.warmups(), settings.accounts(), settings.scaleRows(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        t.append(String.format("%-84s %9s %9s  %s%n", "figure", "median s", "worst s", "target (issue 13)"));
        for (Figure f : figures) {
            t.append(String.format("%-84s %9.3f %9.3f  %s%n", f.name(), f.median(), f.worst(), f.target()));
        }
        t.append("1. CPU seconds per import (each process, from the OS; the driver is GreenMail and the test's clients):");
        cpuPerImport.forEach((process, seconds) -> t.append(String.format(" %s %.2f", process, seconds)));
        t.append(String.format(" (total %.2f)%n", cpuPerImport.values().stream().mapToDouble(Double::doubleValue).sum()));
        t.append(String.format("ratio: upload -> COMPLETED / pass-through limit = %.2f%n", completedRatio));
        t.append(String.format("ratio: upload -> last email / direct SMTP limit  = %.2f (target <= 1.5)%n", emailRatio));
        t.append(String.format("3. %d accounts x %d rows at once: %.0f users created/s, %.0f emails/s; pass-through limit %.0f records/s;"
                + " users/s = %.1f %% of it (target >= 50 %%); %d uploads answered busy and sent again%n", many.accounts(),
                many.rows(), many.usersPerSecond(), many.emailsPerSecond(), many.passThroughRecordsPerSecond(),
                100 * many.shareOfPassThrough(), many.busyAnswers()));
        if (scale != null) {
            t.append(String.format("5. %d rows created in %.1f s = %.2f x linear (%d x the %d-row median; target <= 1);"
                    + " created/s first fifth %.0f, last fifth %.0f (no emails: passwordDelivery=NONE, silent account)%n",
                    scale.rows(), scale.seconds(), scale.toLinear(), scale.rows() / settings.rows(), settings.rows(),
                    scale.firstFifthRowsPerSecond(),
                    scale.lastFifthRowsPerSecond()));
            for (GcLog.Heap h : scale.heaps()) {
                t.append(String.format("5. heap of %-13s peak used %4.0f MB, most live after a (full) collection %4.0f MB, of -Xmx%dm"
                        + " (%d collections; target <= 512 MB)%n", h.service(), h.peakUsedMb(), h.maxAfterGcMb(), SCALE_HEAP_MB,
                        h.collections()));
            }
        } else {
            t.append("5. not run (./benchmark.sh --scale, or -Dbench.scaleRows=250000)%n".formatted());
        }
        t.append(String.format("settings: commit interval %d ms, exactly_once_v2, %d partitions, %d SMTP connections, %d emails per import%n",
                commitIntervalMs, ChaosCluster.PARTITIONS, connections, emails));
        return t.toString();
    }

    // --------------------------------------------------------------------------------- helpers

    /** The CPU seconds each process used between two readings, divided by the imports in between. */
    static Map<String, Double> perImport(Map<String, Double> before, Map<String, Double> after, int imports) {
        Map<String, Double> each = new LinkedHashMap<>();
        after.forEach((process, seconds) -> {
            if (before.containsKey(process)) {
                each.put(process, (seconds - before.get(process)) / imports);
            }
        });
        return each;
    }

    private String upload(String account, String csv, String query) throws IOException {
        return upload(account, csv, query, Duration.ofSeconds(60));
    }

    private String upload(String account, String csv, String query, Duration timeout) throws IOException {
        HttpResponse<String> r = client.upload(account, query, account + ".csv", csv, timeout);
        if (r.statusCode() != 202) {
            throw new IllegalStateException("upload to " + account + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body()).get("importId").asString();
    }

    /** Polls the status every 20 ms until it is {@code wanted}; any other final status is an error. */
    private JsonNode awaitStatus(String account, String importId, String wanted, Duration timeout) throws Exception {
        return awaitStatus(account, importId, wanted, timeout, 20);
    }

    /** Polls the status every {@code everyMs} until it is {@code wanted}; any other final status is an error. */
    private JsonNode awaitStatus(String account, String importId, String wanted, Duration timeout, long everyMs)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String path = "/api/accounts/" + account + "/imports/" + importId + "?size=5";
        while (true) {
            HttpResponse<String> r = get(path);
            if (r.statusCode() == 200) {
                JsonNode s = Json.MAPPER.readTree(r.body());
                String status = s.get("status").asString();
                if (status.equals(wanted)) {
                    return s;
                }
                if (!status.equals("VALIDATING") && !status.equals("IN_PROGRESS")) {
                    throw new IllegalStateException("import " + importId + " on " + account + " ended " + status + ", not "
                            + wanted + ": " + r.body());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("import " + importId + " not " + wanted + " in " + timeout + ": " + r.body());
            }
            Thread.sleep(everyMs);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        return client.get(path);
    }

    private void awaitOk(String path, Duration timeout) throws Exception {
        client.awaitOk(path, timeout, Duration.ofMillis(200));
    }

    static void log(String format, Object... args) {
        System.out.printf("%s bench: %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
        System.out.flush();
    }
}
