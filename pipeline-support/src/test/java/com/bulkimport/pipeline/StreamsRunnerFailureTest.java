package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.bulkimport.events.Topics;

/**
 * What a service's streams do when a stream thread dies, on a real broker (issue 10: after an
 * OutOfMemoryError the ingest view answered "being restored" for minutes while health said UP).
 * A processor of a small topology fails on command: with an Error, with an exception once, with
 * an exception every time; and a restoration is held up past the grace.
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000" })
class StreamsRunnerFailureTest {

    private static final String STORE = "seen";
    /** Values of "fail-once" records already failed on: the second try succeeds. */
    private static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    private static EmbeddedKafkaBroker broker;
    private final List<StreamsRunner> runners = new ArrayList<>();
    private String input;

    @BeforeAll
    static void broker() {
        // The failures under test end stream threads with uncaught exceptions: they are what is observed, not test errors.
        org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
        broker = EmbeddedKafkaCondition.getBroker();
        broker.addTopics(new NewTopic(Topics.DEAD_LETTERS.name(), 1, (short) 1));
    }

    @AfterEach
    void stop() {
        runners.forEach(StreamsRunner::stop);
    }

    @Test
    void shouldReportDownAndStayDownWhenAStreamThreadDiesOfAnError() throws Exception {
        // Given running streams with the pipeline's own settings (failing records logged and skipped)
        StreamsRunner runner = start(properties(Duration.ofMinutes(2), 3), false);
        send("a", "ok");
        awaitStored(runner, "a", "ok");

        // When a processor throws an OutOfMemoryError (which no processing handler may swallow)
        send("b", "error");

        // Then the streams shut down and health reports DOWN, naming the error
        await().atMost(Duration.ofSeconds(60)).until(() -> status(runner).equals(Status.DOWN));
        Health health = runner.health();
        assertThat(health.getDetails()).containsEntry("condition", "FAILED").containsEntry("failure", "java.lang.OutOfMemoryError");
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.streams().state() == KafkaStreams.State.ERROR);
        // and it stays down: no "restoring" for minutes while UP
        Thread.sleep(2000);
        assertThat(status(runner)).isEqualTo(Status.DOWN);
        assertThat(runner.isQueryable()).isFalse();
        assertThat(runner.condition().worthWaiting()).isFalse();
    }

    @Test
    void shouldReplaceAThreadThatFailedOnAnExceptionAndKeepProcessing() {
        // Given running streams whose processing failures end the thread
        StreamsRunner runner = start(properties(Duration.ofMinutes(2), 3), true);
        send("a", "ok");
        awaitStored(runner, "a", "ok");

        // When a processor fails once on a record
        send("b", "fail-once:" + UUID.randomUUID());

        // Then the thread is replaced, the record is processed on the new thread, and so are the next
        long began = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).until(() -> stored(runner, "b") != null);
        System.out.println("FIGURE thread replaced and running again in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms");
        send("c", "ok");
        awaitStored(runner, "c", "ok");
        assertThat(status(runner)).isEqualTo(Status.UP);
        assertThat(runner.health().getDetails()).containsEntry("condition", "RUNNING").containsEntry("replacedThreads", 1);
    }

    @Test
    void shouldShutDownWhenThreadsFailMoreOftenThanTheBound() {
        // Given streams that replace at most two failed threads
        StreamsRunner runner = start(properties(Duration.ofMinutes(2), 2), true);
        send("a", "ok");
        awaitStored(runner, "a", "ok");

        // When a record fails every time it is processed (each new thread reads it again)
        send("b", "fail-always");

        // Then after two replacements the streams shut down and health reports DOWN
        await().atMost(Duration.ofSeconds(120)).until(() -> runner.streams().state() == KafkaStreams.State.ERROR);
        assertThat(status(runner)).isEqualTo(Status.DOWN);
        assertThat(runner.health().getDetails()).containsEntry("condition", "FAILED");
        assertThat((String) runner.health().getDetails().get("failure")).contains("more than 2 stream thread failures");
    }

    @Test
    void shouldReportDownWhileOutOfRunningLongerThanTheGraceAndUpWhenRunningAgain() throws Exception {
        // Given streams with a grace of 15 s (longer than a thread's replacement takes here: the
        // dead thread's group member times out after 6 s) whose next store restoration is held up
        Duration grace = Duration.ofSeconds(15);
        StreamsRunner runner = runner(properties(grace, 3), true);
        CountDownLatch restorationStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.alsoOnRestore(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
                if (endOffset > startOffset) {
                    restorationStarted.countDown();
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            }
        });
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(runner::isQueryable);
        send("a", "ok");
        awaitStored(runner, "a", "ok");

        // When a thread fails, and its replacement must restore the store from its changelog (held up)
        send("b", "fail-once:" + UUID.randomUUID());
        assertThat(restorationStarted.await(90, TimeUnit.SECONDS)).as("the restoration started").isTrue();
        assertThat(runner.condition()).isIn(StreamsCondition.RECOVERING, StreamsCondition.STUCK);

        // Then health is DOWN (STUCK) once the streams are out of RUNNING longer than the grace
        await().atMost(Duration.ofSeconds(60)).until(() -> status(runner).equals(Status.DOWN));
        assertThat(runner.health().getDetails()).containsEntry("condition", "STUCK").containsEntry("state", "REBALANCING");
        assertThat(runner.condition().worthWaiting()).isFalse();

        // When the restoration goes on, the streams run again, health is UP and the record is processed
        release.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(runner, "b") != null);
        assertThat(status(runner)).isEqualTo(Status.UP);
    }

    private PipelineProperties properties(Duration stuckAfter, int maxReplacements) {
        try {
            return new PipelineProperties(1, (short) 1, Files.createTempDirectory("streams-runner").toString(), 100L,
                    Map.of("consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "500"), stuckAfter,
                    maxReplacements, Duration.ofMinutes(10));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private StreamsRunner start(PipelineProperties properties, boolean failOnExceptions) {
        StreamsRunner runner = runner(properties, failOnExceptions);
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(runner::isQueryable);
        assertThat(status(runner)).isEqualTo(Status.UP);
        return runner;
    }

    /** A runner of its own topic and application id; processing failures end the thread when asked. */
    private StreamsRunner runner(PipelineProperties properties, boolean failOnExceptions) {
        input = "runner-in-" + UUID.randomUUID();
        broker.addTopics(new NewTopic(input, 1, (short) 1));
        StreamsRunner runner = new StreamsRunner("runner-test-" + UUID.randomUUID(), OneStoreTopology.of(input, STORE, FailingProcessor::new), broker.getBrokersAsString(),
                properties);
        if (failOnExceptions) {
            runner.configure(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
        }
        runners.add(runner);
        return runner;
    }

    /** Stores each value under its key; fails as the value says. */
    private static final class FailingProcessor implements Processor<String, String, Void, Void> {

        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            String value = record.value();
            if (value.equals("error")) {
                throw new OutOfMemoryError("simulated: a stream thread ran out of memory");
            }
            if (value.equals("fail-always") || value.startsWith("fail-once:") && failedOnce.add(value)) {
                throw new IllegalStateException("simulated processing failure on " + value);
            }
            store.put(record.key(), value);
        }
    }

    private void send(String key, String value) {
        OneStoreTopology.send(broker, input, key, value);
    }

    private static void awaitStored(StreamsRunner runner, String key, String value) {
        await().atMost(Duration.ofSeconds(60)).until(() -> value.equals(stored(runner, key)));
    }

    private static String stored(StreamsRunner runner, String key) {
        try {
            return runner.isQueryable() ? runner.streams()
                    .store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.<String, String>keyValueStore()))
                    .get(key) : null;
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    private static Status status(StreamsRunner runner) {
        return runner.health().getStatus();
    }
}
