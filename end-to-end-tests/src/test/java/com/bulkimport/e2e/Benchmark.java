package com.bulkimport.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import com.bulkimport.events.BundleService;
import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.Json;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.pipeline.PipelineProperties;
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
 * <li>(later step) 50 accounts importing at once;</li>
 * <li>the limits: (a) the same number of records through a pass-through Kafka Streams chain with
 * as many hops as the pipeline (ingest's transactional producer, then three exactly_once_v2 apps
 * with {@link StreamsRunner#settings}), (b) the same emails sent straight to the same SMTP server
 * over as many connections as the notification service's {@code connections};</li>
 * <li>(later step) 250,000 rows created.</li>
 * </ol>
 * Scenarios 3 and 5 are to be added as more methods that add {@link Figure}s (their accounts in
 * {@link #fixture()}); the table and the file take whatever figures there are.
 */
final class Benchmark {

    /** What to run: rows per file, counted runs per figure, uncounted warm-up imports. */
    record Settings(int rows, int runs, int warmups) {

        static Settings fromSystemProperties(Settings defaults) {
            return new Settings(Integer.getInteger("bench.rows", defaults.rows()),
                    Integer.getInteger("bench.runs", defaults.runs()),
                    Integer.getInteger("bench.warmups", defaults.warmups()));
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

    /** The run's figures and the ratios of the pipeline to its limits; {@link #table()} is what is printed. */
    record Report(Settings settings, List<Figure> figures, double completedToPassThrough, double emailToSmtp,
            int smtpConnections, long commitIntervalMs, String table) {

        Figure figure(String key) {
            return figures.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
        }
    }

    static final String ADMIN = "bench-admin";
    /** Emails per created user with password delivery to the user: the temporary password and the welcome. */
    static final int EMAILS_PER_USER = 2;
    private static final String VALIDATE_ACCOUNT = "bench-validate";
    private static final String TRUNK = "Bench-Trunk";
    private static final String LOCATION = "Main Company Address";
    /** The pipeline's hops: upload → validation → provisioning → notification. */
    static final int HOPS = 3;

    private final Settings settings;
    private final Path work;
    private final ClusterClient client = new ClusterClient(() -> this.cluster.api(), ADMIN);
    private final List<Figure> figures = new ArrayList<>();
    private ChaosCluster cluster;
    private GreenMail mail;

    Benchmark(Settings settings, Path work) {
        if (settings.rows() < 1 || settings.runs() < 1 || settings.warmups() < 0) {
            throw new IllegalArgumentException("bench.rows and bench.runs must be at least 1, bench.warmups at least 0: " + settings);
        }
        this.settings = settings;
        this.work = work;
    }

    // --------------------------------------------------------------------------------- accounts

    /** One account per import (so each import finds every number and extension free), one for validate-only. */
    DemoFixture fixture() {
        List<DemoFixture.Account> accounts = new ArrayList<>();
        accounts.add(account(VALIDATE_ACCOUNT, 0));
        for (int k = 1; k <= settings.warmups() + settings.runs(); k++) {
            accounts.add(account(importAccount(k), k));
        }
        List<String> ids = accounts.stream().map(DemoFixture.Account::accountId).toList();
        return new DemoFixture(accounts, List.of(new DemoFixture.Administrator(ADMIN, ADMIN, ids)));
    }

    static String importAccount(int k) {
        return "bench-" + k;
    }

    /** On premises (so the Bridge columns apply), licences and numbers for every row. */
    private DemoFixture.Account account(String id, int k) {
        return new DemoFixture.Account(id, "Benchmark " + id, true, false, Set.of(BundleService.values()), 3, 6,
                List.of(new DemoFixture.Licence("Bridge", settings.rows() + 10, 0), new DemoFixture.Licence("Essentials", 10, 0)),
                List.of(new DemoFixture.NumberRange(firstNumber(k), 2 * settings.rows() + 10, false)),
                List.of(new DemoFixture.Location(LOCATION, true)), List.of(), List.of(), List.of(TRUNK));
    }

    /** Each account its own block of numbers, from +1 312 200 0000 on. */
    private String firstNumber(int k) {
        return "+1" + (3122000000L + k * (2L * settings.rows() + 100));
    }

    /** The file: every column of the on-premises template filled on every row, all valid. */
    String csv(int k) {
        StringBuilder csv = new StringBuilder();
        List<String> headers = new ArrayList<>();
        for (TemplateColumn c : TemplateColumn.values()) {
            headers.add(c.header());
        }
        csv.append(String.join(",", headers)).append("\r\n");
        long first = Long.parseLong(firstNumber(k).substring(1));
        for (int i = 0; i < settings.rows(); i++) {
            String primary = "+" + (first + 2L * i);
            String additional = "+" + (first + 2L * i + 1);
            List<String> cells = new ArrayList<>();
            for (TemplateColumn c : TemplateColumn.values()) {
                cells.add(switch (c) {
                    case DISPLAY_NAME -> "Bench User " + i;
                    case EMAIL -> "user" + i + "@" + "bench" + k + ".example";
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
                    case VOICEMAIL_EMAIL -> "voicemail" + i + "@bench" + k + ".example";
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
        try {
            long start = System.nanoTime();
            cluster.startAll(fixture);
            for (DemoFixture.Account a : fixture.accounts()) {
                awaitOk("/api/accounts/" + a.accountId() + "/template", Duration.ofSeconds(120));
            }
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
            for (int k = 1; k <= settings.warmups() + settings.runs(); k++) {
                double[] times = importOnce(k);
                sentEmails = List.of(mail.getReceivedMessages());
                mail.purgeEmailFromAllMailboxes();
                if (k > settings.warmups()) {
                    completed.add(times[0]);
                    lastEmail.add(times[1]);
                }
            }

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
            return new Report(settings, List.copyOf(figures), r1, r2, connections, commitIntervalMs,
                    table(r1, r2, sentEmails.size(), connections, commitIntervalMs));
        } finally {
            cluster.close();
            mail.stop();
        }
    }

    /** Uploads account k's file; answers {upload → COMPLETED, upload → last email accepted} in seconds. */
    private double[] importOnce(int k) throws Exception {
        String account = importAccount(k);
        int expectedEmails = EMAILS_PER_USER * settings.rows();
        long t0 = System.nanoTime();
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
        log("import %d (%s): COMPLETED %.3f s, last email %.3f s", k, account, completed, lastEmail);
        return new double[] { completed, lastEmail };
    }

    /** A validate-only upload on the validate account: seconds from upload to {@code VALIDATED}. */
    private double validateOnly(String csv) throws Exception {
        long t0 = System.nanoTime();
        String importId = upload(VALIDATE_ACCOUNT, csv, "?validateOnly=true&passwordDelivery=USER_EMAIL");
        JsonNode status = awaitStatus(VALIDATE_ACCOUNT, importId, "VALIDATED", Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status.get("counts").get("validated").asLong() != settings.rows()) {
            throw new IllegalStateException("validate-only " + importId + ": not every row valid: " + status);
        }
        log("validate-only: %.3f s", seconds);
        return seconds;
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
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(prefix + h, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .to(prefix + (h + 1), Produced.with(Serdes.String(), Serdes.ByteArray()));
            Properties p = StreamsRunner.settings(prefix + "app-" + h, cluster.bootstrap(), new PipelineProperties(
                    ChaosCluster.PARTITIONS, (short) 1, work.resolve("pass-through").resolve("hop-" + h).toString(), commitIntervalMs));
            KafkaStreams app = new KafkaStreams(builder.build(), p);
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

    private String table(double completedRatio, double emailRatio, int emails, int connections, long commitIntervalMs) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("BENCHMARK %s, %d rows, %d runs per figure (+%d warm-up imports), %d cores, Java %s%n",
                Instant.now().toString().substring(0, 19) + "Z", settings.rows(), settings.runs(), settings.warmups(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        t.append(String.format("%-84s %9s %9s  %s%n", "figure", "median s", "worst s", "target (issue 13)"));
        for (Figure f : figures) {
            t.append(String.format("%-84s %9.3f %9.3f  %s%n", f.name(), f.median(), f.worst(), f.target()));
        }
        t.append(String.format("ratio: upload -> COMPLETED / pass-through limit = %.2f%n", completedRatio));
        t.append(String.format("ratio: upload -> last email / direct SMTP limit  = %.2f (target <= 1.5)%n", emailRatio));
        t.append(String.format("settings: commit interval %d ms, exactly_once_v2, %d partitions, %d SMTP connections, %d emails per import%n",
                commitIntervalMs, ChaosCluster.PARTITIONS, connections, emails));
        return t.toString();
    }

    // --------------------------------------------------------------------------------- helpers

    private String upload(String account, String csv, String query) throws IOException {
        HttpResponse<String> r = client.upload(account, query, account + ".csv", csv, Duration.ofSeconds(60));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("upload to " + account + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body()).get("importId").asString();
    }

    /** Polls the status every 20 ms until it is {@code wanted}; any other final status is an error. */
    private JsonNode awaitStatus(String account, String importId, String wanted, Duration timeout) throws Exception {
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
            Thread.sleep(20);
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
