package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.bulkimport.events.Topics;

/**
 * A marked store write counts as committed only once its stream thread's transaction has
 * committed, on a real broker: the commit is held up while the write is already readable.
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class CommittedWritesTest {

    private static final String STORE = "written";
    private static EmbeddedKafkaBroker broker;
    private StreamsRunner runner;

    @BeforeAll
    static void broker() {
        broker = EmbeddedKafkaCondition.getBroker();
        broker.addTopics(new NewTopic(Topics.DEAD_LETTERS.name(), 1, (short) 1));
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void shouldCountAMarkedWriteAsCommittedOnlyOnceItsTransactionHasCommitted() throws Exception {
        String input = "committed-in-" + UUID.randomUUID();
        broker.addTopics(new NewTopic(input, 1, (short) 1));
        runner = new StreamsRunner("committed-test-" + UUID.randomUUID(), OneStoreTopology.of(input, STORE, MarkingProcessor::new), broker.getBrokersAsString(),
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("committed-writes").toString(), 100L));
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(runner::isQueryable);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.committedWrites().beforeCommit(() -> {
            holding.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        OneStoreTopology.send(broker, input, "import-1", "requested");
        assertThat(holding.await(60, TimeUnit.SECONDS)).as("the write's commit began").isTrue();

        assertThat(store().get("import-1")).as("readable in this instance before its commit").isEqualTo("requested");
        assertThat(runner.committedWrites().committed("import-1")).isFalse();
        assertThat(runner.committedWrites().committed("never-written")).isTrue();

        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.committedWrites().committed("import-1"));
    }

    @Test
    void shouldForgetTheMarksOfATaskThatIsInitialisedOrClosed() {
        CommittedWrites writes = new CommittedWrites();
        writes.written(0, "import-0");
        writes.written(1, "import-1");

        writes.forget(1);

        assertThat(writes.committed("import-0")).as("nothing committed on this thread yet").isFalse();
        assertThat(writes.committed("import-1")).as("its task's uncommitted writes are gone or written again").isTrue();
    }

    @Test
    void shouldCountEveryWriteAsCommittedInATopologyWithoutTheSetting() {
        CommittedWrites writes = CommittedWrites.of(Map.of());
        writes.written(0, "import-0");

        assertThat(writes.committed("import-0")).isTrue();
    }

    private ReadOnlyKeyValueStore<String, String> store() {
        return runner.streams().store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
    }

    /** Stores each value under its key, marks the write and asks for a commit at once, as the import view does. */
    private static final class MarkingProcessor implements Processor<String, String, Void, Void> {

        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, String> store;
        private CommittedWrites writes;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            store = context.getStateStore(STORE);
            writes = CommittedWrites.of(context.appConfigs());
        }

        @Override
        public void process(Record<String, String> record) {
            store.put(record.key(), record.value());
            writes.written(context.taskId().partition(), record.key());
            context.commit();
        }
    }
}
