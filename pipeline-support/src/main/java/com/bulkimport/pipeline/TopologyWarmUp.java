package com.bulkimport.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;

/**
 * A service's own topology run once on made-up records as it starts, in memory: under Kafka
 * Streams' driver for tests ({@link TopologyTestDriver}), with the service's Kafka Streams settings,
 * its processors and serdes, and its stores (kept in memory by the callers: the driver commits after
 * every record, and RocksDB would write a file at each) under a folder of its own, deleted
 * afterwards. So the first import after a start finds the processors, the serdes, the stores' layers
 * and Kafka Streams' per-record code loaded and compiled: before, a service's first 1,000 rows took
 * two to three times as long as the next import's. Nothing reaches the broker, and no account's
 * real data is read or written: the records are the caller's, made up for this.
 */
public final class TopologyWarmUp implements AutoCloseable {

    /** The made-up account's location (its Main Company Address) and SIP tie trunk ({@link #account}). */
    public static final String LOCATION = "Main Company Address";
    public static final String TRUNK = "Warm-Up-Trunk";

    /** The most rows a warm-up is given: the driver keeps every record written until it closes. */
    public static final int MAX_ROWS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(TopologyWarmUp.class);

    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, ?>> inputs = new HashMap<>();

    private TopologyWarmUp(Path stateDir, TopologyTestDriver driver) {
        this.stateDir = stateDir;
        this.driver = driver;
    }

    /** Opens {@code topology} under the driver, with the service's settings and a state folder of its own. */
    public static TopologyWarmUp open(String applicationId, Topology topology, PipelineProperties properties) {
        Path dir;
        try {
            dir = Files.createTempDirectory(applicationId + "-warm-up");
            dir.toFile().deleteOnExit(); // should the service stop during the warm-up (in-memory stores leave it empty)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Properties settings = StreamsRunner.settings(applicationId, "warm-up.invalid:9092", properties);
            // set last, over bulkimport.kafka.streams too: never the service's own folder or application id
            settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId + "-warm-up");
            return new TopologyWarmUp(dir, new TopologyTestDriver(topology, settings));
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** Hands {@code value}, keyed {@code key}, to the topology as a record of {@code topic}. */
    @SuppressWarnings("unchecked")
    public <V> void pipe(Topic<String, V> topic, String key, V value) {
        TestInputTopic<String, V> input = (TestInputTopic<String, V>) inputs.computeIfAbsent(topic.name(),
                n -> driver.createInputTopic(n, Serdes.String().serializer(), topic.valueSerde().serializer()));
        input.pipeInput(key, value);
    }

    /**
     * Pipes a made-up on-premises account: every service, extensions of 3 to 6 digits,
     * {@code licences} Bridge licences, {@link #LOCATION}, {@link #TRUNK}, and {@code numbers} parked.
     */
    public void account(String accountId, int licences, List<String> numbers) {
        for (AccountEvent event : List.of(
                new AccountEvent.SettingsChanged(accountId, "Warm-up", true, false, Set.of(BundleService.values()), 3, 6),
                new AccountEvent.LicenceChanged(accountId, "Bridge", licences, 0),
                new AccountEvent.LocationCreated(accountId, LOCATION, true),
                new AccountEvent.TrunkCreated(accountId, TRUNK))) {
            pipe(Topics.ACCOUNT_EVENTS, accountId, event);
        }
        for (String number : numbers) {
            pipe(Topics.ACCOUNT_EVENTS, accountId, new AccountEvent.NumberParked(accountId, number, false));
        }
    }

    /** Moves the wall clock on, so that punctuations run. */
    public void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** The values the topology has written to {@code topic} since the last call, read with the topic's serde. */
    public <V> List<V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(), topic.valueSerde().deserializer())
                .readValuesToList();
    }

    /** The topology's key-value store {@code name}, as the records piped so far left it. */
    public <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** The state folder, deleted by {@link #close()}. */
    public Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            delete(stateDir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete the warm-up's state folder {}: {}", dir, e.toString());
        }
    }

    /**
     * A start-time task that runs {@code warmUp} on a thread of its own, so that readiness does not
     * wait for it; it logs what it did and how long it took, or why it failed (a failed warm-up only
     * leaves the first import slower). {@code rows} below 1 turns it off; above {@link #MAX_ROWS} is
     * {@link #MAX_ROWS}.
     */
    public static ApplicationRunner inBackground(String what, int asked, Consumer<Integer> warmUp) {
        return inBackground(what, Math.min(asked, MAX_ROWS), "rows", warmUp);
    }

    /** {@link #inBackground(String, int, Consumer)} for {@code count} made-up {@code unit}, not capped. */
    static ApplicationRunner inBackground(String what, int count, String unit, Consumer<Integer> warmUp) {
        return new Background(what, count, unit, warmUp);
    }

    /**
     * The warm-up's thread, started once the application has started, and interrupted when the
     * application context closes (a Kafka client stops at once then: a service stopping during its
     * warm-up does not wait for it).
     */
    private static final class Background implements ApplicationRunner, DisposableBean {

        private final String what;
        private final int count;
        private final String unit;
        private final Consumer<Integer> warmUp;
        private volatile Thread thread;

        Background(String what, int count, String unit, Consumer<Integer> warmUp) {
            this.what = what;
            this.count = count;
            this.unit = unit;
            this.warmUp = warmUp;
        }

        @Override
        public void run(ApplicationArguments args) {
            if (count < 1) {
                return;
            }
            thread = new Thread(() -> {
                long start = System.nanoTime();
                try {
                    warmUp.accept(count);
                    log.info("Warmed {} up on {} made-up {} in {} ms", what, count, unit, (System.nanoTime() - start) / 1_000_000);
                } catch (RuntimeException | LinkageError e) {
                    if (Thread.currentThread().isInterrupted() || e instanceof InterruptException) {
                        log.info("Stopped warming {} up: the service is stopping", what);
                    } else {
                        log.warn("Could not warm {} up; the first import will be slower", what, e);
                    }
                }
            }, "warm-up");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy() {
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
