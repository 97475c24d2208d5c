package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every client a service makes starts from Spring Boot's {@code spring.kafka.*}: the connection
 * (servers, TLS, SASL) reaches the Kafka Streams settings, the producers and the admin; the
 * pipeline's own Kafka Streams settings win over {@code spring.kafka.streams.*}; the topic
 * settings of {@code bulkimport.kafka.*} reach the topics the admin creates, and a wrong one
 * stops the start with the reason.
 */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"svc\" password=\"secret\";";

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PipelineAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=kafka-1:9093,kafka-2:9093",
                    "spring.kafka.security.protocol=SASL_SSL",
                    "spring.kafka.ssl.trust-store-location=file:/etc/kafka/truststore.p12",
                    "spring.kafka.ssl.trust-store-password=changeit",
                    "spring.kafka.properties.sasl.mechanism=PLAIN",
                    "spring.kafka.properties.sasl.jaas.config=" + JAAS,
                    // no broker here: the admin must not try to create the topics
                    "spring.kafka.admin.auto-create=false");

    @Test
    void shouldGiveEveryKindOfClientTheClustersServersTlsAndSasl() {
        context.run(app -> {
            KafkaClientSettings kafka = app.getBean(KafkaClientSettings.class);
            for (Map<String, Object> client : List.of(kafka.producer(), kafka.consumer(), kafka.admin(), kafka.streams())) {
                assertThat(client).containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        List.of("kafka-1:9093", "kafka-2:9093"))
                        .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                        .containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
                        .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, JAAS)
                        .containsKey(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
            }
        });
    }

    @Test
    void shouldKeepThePipelinesStreamsSettingsOverSpringKafkaStreams() {
        context.withPropertyValues("spring.kafka.streams.application-id=someone-else",
                "spring.kafka.streams.state-dir=/elsewhere", "spring.kafka.streams.replication-factor=1",
                "spring.kafka.streams.properties.processing.guarantee=at_least_once",
                "spring.kafka.streams.properties.num.standby.replicas=1",
                "bulkimport.kafka.replication-factor=3", "bulkimport.kafka.state-dir=/var/lib/bulkimport/state")
                .run(app -> {
                    Properties streams = StreamsRunner.settings("validation-service",
                            app.getBean(KafkaClientSettings.class).streams(), app.getBean(PipelineProperties.class));

                    assertThat(streams).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "validation-service")
                            .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                            .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/bulkimport/state")
                            .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                            .containsEntry(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), 2)
                            // what the pipeline does not set is the operator's
                            .containsEntry("num.standby.replicas", "1")
                            .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                            .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, JAAS);
                });
    }

    @Test
    void shouldCreateTheTopicsWithTheConfiguredReplicationInSyncReplicasAndOverrides() {
        context.withPropertyValues("bulkimport.kafka.partitions=12", "bulkimport.kafka.replication-factor=3",
                "bulkimport.kafka.topics[user-created.v1].retention.ms=2592000000",
                "bulkimport.kafka.topics[dead-letters.v1].retention.ms=7776000000")
                .run(app -> {
                    // (the admin's KafkaAdmin.NewTopics bean is made from these same settings)
                    NewTopic[] topics = com.bulkimport.events.Topics.newTopics(
                            app.getBean(PipelineProperties.class).topicSettings()).toArray(NewTopic[]::new);

                    assertThat(topics).allSatisfy(t -> {
                        assertThat(t.numPartitions()).isEqualTo(12);
                        assertThat(t.replicationFactor()).isEqualTo((short) 3);
                        assertThat(t.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
                    });
                    assertThat(configOf(topics, "user-created.v1")).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "2592000000");
                    assertThat(configOf(topics, "dead-letters.v1")).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "7776000000");
                    assertThat(configOf(topics, "account-events.v1")).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
                });
    }

    @Test
    void shouldNotStartWithSettingsForATopicThatDoesNotExist() {
        context.withPropertyValues("bulkimport.kafka.topics[users-created.v1].retention.ms=1").run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause().hasMessageContaining("unknown topics [users-created.v1]");
        });
    }

    private static Map<String, String> configOf(NewTopic[] topics, String name) {
        return Arrays.stream(topics).filter(t -> t.name().equals(name)).findFirst().orElseThrow().configs();
    }
}
