package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.bulkimport.events.TopicSettings;

/**
 * The Kafka clients' warm-up at start, on a real broker: its records go through a transactional
 * producer and come back through a read_committed consumer, on a topic of its own, as often as a
 * service starts, and each service reads back only its own.
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1" })
class ClientWarmUpTest {

    private static final TopicSettings TOPICS = TopicSettings.of(2, (short) 1);
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedKafkaCondition.getBroker();
    }

    @Test
    void shouldWriteItsRecordsInTransactionsAndReadThemBackOnATopicOfItsOwnAtEveryStart() throws Exception {
        clients(broker.getBrokersAsString(), kafka -> {
            // When a service warms its clients up, then starts again and does it again
            int first = ClientWarmUp.run(kafka, TOPICS, "a-service", 3 * ClientWarmUp.PER_TRANSACTION + 1);
            int second = ClientWarmUp.run(kafka, TOPICS, "a-service", 50);

            // Then every record written was read back, each time
            assertThat(first).isEqualTo(3 * ClientWarmUp.PER_TRANSACTION + 1);
            assertThat(second).isEqualTo(50);
        });
        // and the topic keeps them an hour, with the pipeline's partitions
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            assertThat(admin.describeTopics(List.of(ClientWarmUp.TOPIC)).allTopicNames().get()
                    .get(ClientWarmUp.TOPIC).partitions()).hasSize(2);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, ClientWarmUp.TOPIC);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
            assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("3600000");
        }
    }

    @Test
    void shouldReadBackOnlyItsOwnRecordsWhenServicesWarmUpAtOnce() throws Exception {
        clients(broker.getBrokersAsString(), kafka -> {
            // When four services warm up at the same time, on two partitions
            // (two instances of one service among them)
            ExecutorService starts = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<Integer>> services = List.of("ingest", "ingest", "validation", "provisioning")
                        .stream().map(s -> CompletableFuture.supplyAsync(() -> ClientWarmUp.run(kafka, TOPICS, s, 700), starts))
                        .toList();

                // Then each read back its own 700, not the others' records, and none was fenced
                assertThat(services).allSatisfy(s -> assertThat(s.get()).isEqualTo(700));
            } finally {
                starts.shutdownNow();
            }
        });
    }

    @Test
    void shouldFailWithinItsBoundWhenNoBrokerAnswers() {
        clients("127.0.0.1:1", kafka -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ClientWarmUp.run(kafka, TOPICS, "a-service", 10))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Kafka clients' warm-up");
            assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(40);
        });
    }

    private static void clients(String servers, ThrowingConsumer<KafkaClientSettings> test) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PipelineAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + servers, "spring.kafka.admin.auto-create=false")
                .run(app -> test.accept(app.getBean(KafkaClientSettings.class)));
    }

    private interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }
}
