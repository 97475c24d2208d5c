package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.events.Topics;
import com.bulkimport.events.UserCreated;
import com.bulkimport.provisioning.ProvisioningApplication;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.KafkaTestSupport;

/**
 * The provisioning service, as a real process, killed with SIGKILL in the middle of a 1,000-row
 * import and started again on the same state folder: every row is created once, no number or
 * extension is given twice, and the licence ledger counts exactly.
 */
@EmbeddedPipelineKafka
class ProvisioningCrashTest {

    private static final int ROWS = 1000;
    /** The demo account has 50 Bridge licences: the last 50 rows take them all. */
    private static final int BRIDGE_ROWS = 50;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldCreateEveryRowOnceWhenProvisioningIsKilledMidImport(EmbeddedKafkaBroker broker) throws Exception {
        String bootstrap = broker.getBrokersAsString();
        TopicProvisioner.ensureTopics(bootstrap, Pipeline.PARTITIONS, (short) 1);
        FixtureLoader.publish(bootstrap, DemoFixture.load());
        var kafka = new KafkaTestSupport(bootstrap);
        Path state = Files.createTempDirectory("provisioning-crash");
        String key = PasswordSealer.newKey();

        // Given 1,000 released rows for the demo account, each with its own parked number,
        // the last 50 on Bridge licences, plus one Bridge row too many
        String importId = "crash-" + System.nanoTime();
        List<ProvisionUser> commands = new ArrayList<>();
        for (int i = 0; i <= ROWS; i++) {
            commands.add(command(importId, i));
        }
        Process first = startProvisioning(bootstrap, state, key, "first");
        kafka.sendInOneTransaction(Topics.PROVISION_REQUESTS, commands, ProvisionUser::accountId);

        // When the process is killed (SIGKILL) once some rows are committed, then started again
        long start = System.nanoTime();
        List<ConsumerRecord<String, RowProvisioned>> beforeKill = kafka.readCommitted(Topics.ROWS_PROVISIONED,
                r -> r.value().importId().equals(importId), found -> found.size() >= 100, Duration.ofSeconds(120));
        first.destroyForcibly().waitFor();
        int committedAtKill = beforeKill.size();
        assertThat(committedAtKill).as("rows committed when killed").isBetween(100, ROWS);
        startProvisioning(bootstrap, state, key, "second");

        // Then every row has exactly one committed outcome
        List<RowProvisioned> results = kafka.readCommitted(Topics.ROWS_PROVISIONED, r -> r.value().importId().equals(importId),
                found -> found.size() >= ROWS + 1, Duration.ofSeconds(180)).stream().map(ConsumerRecord::value).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> perRow = results.stream().collect(Collectors.groupingBy(RowProvisioned::row, Collectors.counting()));
        long duplicates = perRow.values().stream().filter(n -> n > 1).count();
        long losses = (ROWS + 1) - perRow.size();
        System.out.printf("crash test: %d rows, 1 kill after %d committed, %d duplicates, %d lost, %.1f s%n",
                ROWS + 1, committedAtKill, duplicates, losses, seconds);
        assertThat(duplicates).isZero();
        assertThat(losses).isZero();

        // and 1,000 users were created, the last Bridge row refused: the ledger counted each licence once
        Map<RowProvisioned.Outcome, Long> outcomes = results.stream()
                .collect(Collectors.groupingBy(RowProvisioned::outcome, Collectors.counting()));
        assertThat(outcomes).containsEntry(RowProvisioned.Outcome.CREATED, (long) ROWS)
                .containsEntry(RowProvisioned.Outcome.NOT_CREATED, 1L);
        RowProvisioned refused = results.stream().filter(r -> r.outcome() == RowProvisioned.Outcome.NOT_CREATED)
                .findFirst().orElseThrow();
        assertThat(refused.row()).isEqualTo(ROWS + 2);
        assertThat(refused.reasons()).extracting(e -> e.code()).containsExactly(ErrorCode.LICENCE_TAKEN);

        // and no number or extension was given twice, in the results and in the public events
        List<RowProvisioned> created = results.stream().filter(r -> r.outcome() == RowProvisioned.Outcome.CREATED).toList();
        assertThat(distinct(created, RowProvisioned::extension)).hasSize(ROWS);
        assertThat(created.stream().flatMap(r -> r.numbers().stream()).collect(Collectors.toSet())).hasSize(ROWS);
        List<UserCreated> events = kafka.readCommitted(Topics.USERS_CREATED, r -> r.value().importId().equals(importId),
                found -> found.size() >= ROWS, Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).toList();
        assertThat(events).hasSize(ROWS);
        assertThat(distinct(events, UserCreated::email)).hasSize(ROWS);
        assertThat(distinct(events, UserCreated::extension)).hasSize(ROWS);
        assertThat(events.stream().filter(u -> u.licenceType().equals("Bridge")).count()).isEqualTo(BRIDGE_ROWS);
    }

    private static <T> Set<String> distinct(List<T> items, Function<T, String> field) {
        return items.stream().map(field).collect(Collectors.toCollection(HashSet::new));
    }

    /** Row i: its own parked number; the last 50 (and the extra one) on Bridge. */
    private static ProvisionUser command(String importId, int i) {
        NewUser user = NewUser.of("crash.user" + i + "@demo.example", "Crash User " + i,
                i < ROWS ? String.format("+44207946%04d", i) : null);
        String licence = i >= ROWS - BRIDGE_ROWS ? "Bridge" : "Essentials";
        var options = new ImportOptions(true, false, PasswordDelivery.NONE, null, false, false);
        return new ProvisionUser(importId, "demo", i + 2, licence, user, options);
    }

    /** The provisioning service in its own JVM, on this test's classpath, logging to target/. */
    private Process startProvisioning(String bootstrap, Path state, String key, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = new File("target/provisioning-crash-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        // RocksDB's library loaded in place: the killed instance leaves no copy of it in /tmp
        command.addAll(RocksDbLibrary.jvmOptions(Path.of("target", "rocksdb-library")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProvisioningApplication.class.getName(),
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=0",
                "--bulkimport.kafka.partitions=" + Pipeline.PARTITIONS,
                "--bulkimport.kafka.state-dir=" + state,
                // commits inside the burst of 1,001 commands, so that the kill falls between two of
                // them: with the default (1 s, and a commit when idle) a machine that provisions the
                // whole burst within a second commits it once, and nothing is left to crash in
                "--bulkimport.kafka.commit-interval-ms=50",
                // a killed member leaves the group after this, not after the default 45 s
                "--bulkimport.kafka.streams[consumer.session.timeout.ms]=6000",
                "--bulkimport.kafka.streams[consumer.heartbeat.interval.ms]=1000"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("BULKIMPORT_PASSWORD_KEY", key);
        Process process = builder.start();
        processes.add(process);
        return process;
    }
}
