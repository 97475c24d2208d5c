package com.bulkimport.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.Json;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.ingest.IngestApplication;
import com.bulkimport.notification.NotificationApplication;
import com.bulkimport.provisioning.ProvisioningApplication;
import com.bulkimport.validation.ValidationApplication;

/**
 * The local run as separate processes, for the chaos run: a single-node KRaft broker (Kafka's own
 * {@code kafka.Kafka}, with {@code local-run}'s {@code server.properties}) and the four services,
 * each its own JVM on this JVM's class path, each with its own state folder and HTTP port. The
 * mail catcher (GreenMail) is the caller's. Processes are killed with {@link Process#destroyForcibly()}
 * ({@code SIGKILL}) and started again on the same folders.
 * <p>
 * With more than one instance per service (the failover run, as {@code ./run.sh --instances N}),
 * each instance is a process of its own in its service's consumer group, with its own state folder,
 * log and HTTP port: the first instance is named after its service ({@code ingest}), the others
 * {@code ingest-2}, {@code ingest-3}... ({@link #instance}). Every method that takes a name takes
 * an instance's.
 */
final class ChaosCluster implements AutoCloseable {

    static final int PARTITIONS = 3;
    /** The system property of {@link #extraJvmOptions}. */
    static final String EXTRA_JVM_OPTIONS = "chaos.service-jvm-options";
    static final String HOST = "127.0.0.1";
    /**
     * The notification service's CPU priority below the others' ({@code nice}), as in {@code ./run.sh}
     * ({@code NOTIFICATION_NICENESS}); {@code -Dchaos.notification-niceness=0} runs it like the rest.
     */
    static final int NOTIFICATION_NICENESS = Integer.getInteger("chaos.notification-niceness", 10);
    /** The services, in start order. */
    static final List<String> SERVICES = List.of("ingest", "validation", "provisioning", "notification");
    private static final Map<String, Class<?>> MAIN = Map.of("ingest", IngestApplication.class,
            "validation", ValidationApplication.class, "provisioning", ProvisioningApplication.class,
            "notification", NotificationApplication.class);

    private final Path work;
    private final Path fixtureClassPath;
    private final int instances;
    private final int smtpPort;
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final List<String> brokerSettings = new ArrayList<>();
    private final Map<String, Process> services = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
    private final Map<String, List<String>> extraArgs = new LinkedHashMap<>();
    private final Map<String, List<String>> extraJvm = new LinkedHashMap<>();
    private final String passwordKey = PasswordSealer.newKey();
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classPath = System.getProperty("java.class.path");
    private final List<Process> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Process broker;
    private int brokerStarts;

    /**
     * @param work the run's folder (broker data, state folders, logs)
     * @param fixtureClassPath a folder holding {@code fixtures/demo-fixture.json}, put first on the
     *        ingest service's class path: the administrators of the run's accounts
     */
    ChaosCluster(Path work, Path fixtureClassPath, int smtpPort, int instances) {
        if (instances < 1 || instances > PARTITIONS) {
            // an instance beyond the partitions would get no task: it proves nothing
            throw new IllegalArgumentException("instances must be 1 to " + PARTITIONS + " (the topics' partitions), not " + instances);
        }
        this.work = work;
        this.fixtureClassPath = fixtureClassPath;
        this.smtpPort = smtpPort;
        this.instances = instances;
        members().forEach(s -> httpPorts.put(s, freePort()));
        // Ctrl-C on Maven, or a fork killed at its timeout: no JVM of the run is left behind
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "chaos-cluster-stop"));
    }

    String bootstrap() {
        return HOST + ":" + kafkaPort;
    }

    /** The first ingest instance's base address. */
    String api() {
        return api("ingest");
    }

    /** The base address of an ingest instance ({@code ingest}, {@code ingest-2}...). */
    String api(String ingestInstance) {
        if (!service(ingestInstance).equals("ingest")) {
            throw new IllegalArgumentException(ingestInstance + " is not an ingest instance");
        }
        return "http://" + HOST + ":" + httpPorts.get(ingestInstance);
    }

    /** The name of a service's instance {@code i} (from 1): the service's own name for the first. */
    static String instance(String service, int i) {
        return i == 1 ? service : service + "-" + i;
    }

    /** The service an instance belongs to. */
    static String service(String instance) {
        int dash = instance.lastIndexOf('-');
        return dash < 0 ? instance : instance.substring(0, dash);
    }

    /** The instances of one service, the first first. */
    List<String> instancesOf(String service) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            names.add(instance(service, i));
        }
        return names;
    }

    /** Every service instance, in start order: the services in order, each service's instances together. */
    List<String> members() {
        return SERVICES.stream().flatMap(s -> instancesOf(s).stream()).toList();
    }

    Path logs() {
        return work.resolve("logs");
    }

    // ----------------------------------------------------------------------------------- broker

    /**
     * CPU time used so far by each process of the cluster (the broker as {@code kafka}, each running
     * service by name) and by this JVM ({@code driver}: GreenMail and the test's clients), in seconds.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        if (broker != null && broker.isAlive()) {
            cpu.put("kafka", cpuSeconds(broker.toHandle()));
        }
        services.forEach((name, process) -> {
            if (process.isAlive()) {
                cpu.put(name, cpuSeconds(process.toHandle()));
            }
        });
        cpu.put("driver", cpuSeconds(ProcessHandle.current()));
        return cpu;
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** More lines of the broker's {@code server.properties} ({@code name=value}), before its first start. */
    void brokerSettings(List<String> lines) {
        brokerSettings.addAll(lines);
    }

    /** Formats the broker's storage once, starts it and waits until the topics exist. */
    void startBroker(Duration timeout) throws Exception {
        Path data = work.resolve("kafka");
        Path properties = data.resolve("server.properties");
        if (!Files.exists(properties)) {
            Files.createDirectories(data.resolve("logs"));
            String template = Files.readString(Path.of("..", "local-run", "src", "main", "config", "server.properties"));
            String filled = template.replace("@HOST@", HOST).replace("@KAFKA_PORT@", String.valueOf(kafkaPort))
                    .replace("@CONTROLLER_PORT@", String.valueOf(controllerPort))
                    .replace("@LOG_DIRS@", data.resolve("logs").toAbsolutePath().toString())
                    .replace("@PARTITIONS@", String.valueOf(PARTITIONS));
            if (filled.matches("(?s).*@[A-Z_]+@.*")) {
                throw new IllegalStateException("server.properties has a @NAME@ the chaos run does not fill in");
            }
            Files.writeString(properties, filled + String.join("\n", brokerSettings) + "\n");
            Process format = start("kafka-format", List.of("kafka.tools.StorageTool", "format", "-t",
                    UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", properties.toString(), "--standalone"),
                    List.of("-Xmx256m"));
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("Cannot format the broker's storage; see " + logs().resolve("kafka-format.log"));
            }
        }
        brokerStarts++;
        broker = start("kafka", List.of("kafka.Kafka", properties.toString()), List.of("-Xms384m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("The broker stopped while starting; see " + logs().resolve("kafka.log"));
            }
            if (portOpen(kafkaPort)) {
                try {
                    TopicProvisioner.ensureTopics(bootstrap(), PARTITIONS, (short) 1);
                    return;
                } catch (RuntimeException notYet) {
                    // the broker is listening but not ready yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The broker was not ready in " + timeout);
            }
            Thread.sleep(500);
        }
    }

    /** Stops the broker (SIGTERM, or SIGKILL when {@code kill}), then starts it again on its data. */
    void restartBroker(boolean kill, Duration timeout) throws Exception {
        if (kill) {
            broker.destroyForcibly();
        } else {
            broker.destroy();
        }
        if (!broker.waitFor(60, TimeUnit.SECONDS)) {
            broker.destroyForcibly().waitFor();
        }
        // the old process's ports must be free before the new one binds them
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((portOpen(kafkaPort) || portOpen(controllerPort)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        startBroker(timeout);
    }

    // --------------------------------------------------------------------------------- services

    void startService(String name, boolean emptyState) throws IOException {
        String service = service(name);
        if (!httpPorts.containsKey(name)) {
            throw new IllegalArgumentException("no service instance " + name + " in this cluster: " + members());
        }
        Path state = work.resolve("state").resolve(name);
        if (emptyState) {
            deleteTree(state);
        }
        Files.createDirectories(state);
        List<String> args = new ArrayList<>(List.of(MAIN.get(service).getName(),
                "--spring.kafka.bootstrap-servers=" + bootstrap(),
                "--server.port=" + httpPorts.get(name),
                "--bulkimport.kafka.partitions=" + PARTITIONS,
                "--bulkimport.kafka.state-dir=" + state,
                // a killed member leaves its group after 6 s, not after the default 45 s
                "--bulkimport.kafka.streams[consumer.session.timeout.ms]=6000",
                "--bulkimport.kafka.streams[consumer.heartbeat.interval.ms]=1000"));
        if (service.equals("ingest")) {
            args.add("--spring.profiles.active=local");
        }
        if (service.equals("notification")) {
            args.addAll(List.of("--spring.mail.host=" + HOST, "--spring.mail.port=" + smtpPort,
                    "--bulkimport.mail.from=no-reply@bulkimport.local"));
        }
        args.addAll(extraArgs.getOrDefault(service, List.of()));
        starts.merge(name, 1, Integer::sum);
        // the metadata threshold as ./run.sh sets it: no full collection while a service starts
        List<String> jvm = List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MetaspaceSize=96m",
                "-Xss512k");
        List<String> options = new ArrayList<>(jvm);
        // RocksDB's library loaded in place: a killed service leaves no copy of it in /tmp
        options.addAll(RocksDbLibrary.jvmOptions(work.resolve("rocksdb-library")));
        // after the defaults: a later -Xmx wins
        options.addAll(extraJvm.getOrDefault(service, List.of()));
        options.addAll(extraJvmOptions(name));
        // every collection with the heap before and after it: the benchmark's peak heap (GcLog)
        options.add("-Xlog:gc:file=" + gcLog(name).toAbsolutePath());
        services.put(name, start(name, args, options, service.equals("ingest") ? fixtureClassPath : null));
    }

    /** More arguments of a service's instances (Spring Boot settings), from their next start on: e.g. limits raised for a run. */
    void serviceSettings(String name, List<String> args) {
        extraArgs.put(name, List.copyOf(args));
    }

    /** More JVM options of a service's instances, after the cluster's own (so a later {@code -Xmx} wins), from their next start on. */
    void serviceJvm(String name, List<String> options) {
        extraJvm.put(name, List.copyOf(options));
    }

    /** The service's GC log ({@code -Xlog:gc}): each collection with the heap in use before and after it. */
    Path gcLog(String name) {
        return logs().resolve(name + "-gc.log");
    }

    /**
     * A full collection in the service now ({@code jcmd <pid> GC.run}): its line in the GC log
     * has the heap in use since the last collection.
     */
    void collectGarbage(String name) throws IOException, InterruptedException {
        Process p = services.get(name);
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(p.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs().resolve("jcmd.log").toFile())).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            jcmd.destroyForcibly();
            throw new IllegalStateException("jcmd " + p.pid() + " GC.run failed for " + name + "; see " + logs().resolve("jcmd.log"));
        }
    }

    /**
     * More options for the services' JVMs, for profiling a run: the system property
     * {@value #EXTRA_JVM_OPTIONS} (options separated by spaces; {@code {service}} is replaced by the
     * service's name), e.g. {@code -XX:StartFlightRecording=filename=/tmp/{service}.jfr}, then those of
     * {@value #EXTRA_JVM_OPTIONS}{@code .<service>} for that service only (e.g. its own JIT settings).
     */
    static List<String> extraJvmOptions(String service) {
        String options = (System.getProperty(EXTRA_JVM_OPTIONS, "") + " "
                + System.getProperty(EXTRA_JVM_OPTIONS + "." + service, "")).strip();
        return options.isEmpty() ? List.of()
                : java.util.Arrays.stream(options.split("\\s+")).map(o -> o.replace("{service}", service)).toList();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill(String name) throws InterruptedException {
        Process p = services.get(name);
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + p.pid() + ") still runs 30 s after SIGKILL");
        }
    }

    boolean alive(String name) {
        return services.get(name).isAlive();
    }

    /** Readiness as {@code ./run.sh} has it: the service's readiness group answers 200. */
    boolean ready(String name) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + HOST + ":" + httpPorts.get(name)
                    + "/actuator/health/readiness").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(3000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Waits until every service instance answers ready; one that died is started again (on its folder). */
    void awaitReady(Duration timeout) throws Exception {
        awaitReady(members(), timeout);
    }

    /** Waits until these service instances answer ready; one that died is started again (on its folder). */
    void awaitReady(List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String s : names) {
            while (!ready(s)) {
                if (!alive(s)) {
                    startService(s, false);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s + " was not ready in " + timeout + "; see " + logs().resolve(s + ".log"));
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Waits until every consumer group that reads {@code topic} (the services' Kafka Streams apps)
     * has committed past its last committed record, partition by partition (a transaction's
     * closing marker may stay one offset ahead): a large fixture (scenario 5's account has 500,000
     * numbers, one event each) is then in every service's stores before anything is measured.
     * Answers the groups it saw.
     */
    List<String> awaitCaughtUp(String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            while (true) {
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                List<String> readers = new ArrayList<>();
                long behind = 0;
                for (var group : admin.listConsumerGroups().all().get()) {
                    var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                    if (committed.keySet().stream().noneMatch(tp -> tp.topic().equals(topic))) {
                        continue;
                    }
                    readers.add(group.groupId());
                    for (TopicPartition tp : latest.keySet()) {
                        OffsetAndMetadata at = committed.get(tp);
                        long lag = ends.get(tp).offset() - (at == null ? 0 : at.offset());
                        behind += lag > 1 ? lag : 0;
                    }
                }
                if (!readers.isEmpty() && behind == 0) {
                    return readers;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + ": the services " + readers + " are still " + behind
                            + " records behind after " + timeout);
                }
                Thread.sleep(1000);
            }
        }
    }

    int brokerStarts() {
        return brokerStarts;
    }

    // ---------------------------------------------------------------------------------- helpers

    private Process start(String name, List<String> mainAndArgs, List<String> jvm) throws IOException {
        return start(name, mainAndArgs, jvm, null);
    }

    private Process start(String name, List<String> mainAndArgs, List<String> jvm, Path first) throws IOException {
        Files.createDirectories(logs());
        File log = logs().resolve(name + ".log").toFile();
        List<String> command = new ArrayList<>();
        if (name.startsWith("notification") && NOTIFICATION_NICENESS > 0) {
            // as ./run.sh runs it: emails take the CPU that user creation leaves (nice execs the JVM: same pid)
            command.addAll(List.of("nice", "-n", String.valueOf(NOTIFICATION_NICENESS)));
        }
        command.add(javaBin);
        command.addAll(jvm);
        command.add("-Dlogback.configurationFile=" + logbackConfig());
        command.add("-Dlog4j2.configurationFile=" + Path.of("..", "local-run", "src", "main", "config",
                "broker-log4j2.properties").toAbsolutePath());
        command.add("-cp");
        command.add(first == null ? classPath : first + File.pathSeparator + classPath);
        command.addAll(mainAndArgs);
        Files.writeString(log.toPath(), "===== " + name + " started by the chaos run at " + java.time.Instant.now() + " =====\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("BULKIMPORT_PASSWORD_KEY", passwordKey);
        Process process = builder.start();
        all.add(process);
        return process;
    }

    /** INFO to the log file, as the services log in the local run (the broker's own log4j2 file aside). */
    private Path logbackConfig() throws IOException {
        Path file = work.resolve("logback-chaos.xml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.kafka" level="WARN"/>
                      <logger name="kafka" level="WARN"/>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        }
        return file.toAbsolutePath();
    }

    /**
     * A cluster in a fresh {@code work} folder whose ingest service takes its administrators and
     * accounts from {@code fixture} (written first on its classpath).
     */
    static ChaosCluster inFreshFolder(Path work, DemoFixture fixture, int smtpPort) throws IOException {
        return inFreshFolder(work, fixture, smtpPort, 1);
    }

    /** As {@link #inFreshFolder(Path, DemoFixture, int)}, with {@code instances} processes of each service. */
    static ChaosCluster inFreshFolder(Path work, DemoFixture fixture, int smtpPort, int instances) throws IOException {
        deleteTree(work);
        Path fixtureClassPath = work.resolve("fixture-classpath");
        Files.createDirectories(fixtureClassPath.resolve("fixtures"));
        Files.writeString(fixtureClassPath.resolve("fixtures").resolve("demo-fixture.json"),
                Json.MAPPER.writeValueAsString(fixture));
        return new ChaosCluster(work, fixtureClassPath, smtpPort, instances);
    }

    /** Starts the broker, publishes the fixture's account events, starts every service instance and waits until all are ready. */
    void startAll(DemoFixture fixture) throws Exception {
        startBroker(Duration.ofSeconds(120));
        FixtureLoader.publish(bootstrap(), fixture);
        for (String s : members()) {
            startService(s, false);
        }
        awaitReady(Duration.ofSeconds(240));
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Stops everything this cluster started: the services at once (SIGKILL), then the broker. With
     * {@link #extraJvmOptions} (profiling), the services get SIGTERM and 30 s first, so that a flight
     * recording with {@code dumponexit=true} is written.
     */
    @Override
    public void close() {
        if (!extraJvmOptions("").isEmpty()) {
            all.stream().filter(p -> p != broker).forEach(Process::destroy);
            for (Process p : all) {
                try {
                    p.waitFor(p == broker ? 0 : 30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Process p : all) {
            if (p != broker) {
                p.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.destroy();
            try {
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                broker.destroyForcibly();
            }
        }
    }
}
