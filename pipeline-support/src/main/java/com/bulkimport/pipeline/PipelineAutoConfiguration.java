package com.bulkimport.pipeline;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import com.bulkimport.events.Topics;

/**
 * Declares the pipeline's topics in every service that has this module: the registry's topics
 * ({@link Topics#newTopics}), with the configured partitions, replication, {@code min.insync.replicas}
 * and per-topic settings ({@code bulkimport.kafka.*}). Spring Boot's {@link KafkaAdmin}, connected
 * as {@code spring.kafka.*} says (TLS, SASL included), creates the missing ones once every bean is
 * made, before any {@link org.springframework.context.SmartLifecycle} starts, so before the
 * {@link StreamsRunner}; with {@code spring.kafka.admin.fail-fast=true} (each service's settings) a
 * service whose topics cannot be created does not start. Also makes the services' one source of
 * Kafka client settings, {@link KafkaClientSettings}, and warms the clients up at start ({@link ClientWarmUp}).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics pipelineTopics(PipelineProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.newTopics(properties.topicSettings()).toArray(NewTopic[]::new));
    }

    @Bean
    KafkaClientSettings kafkaClientSettings(KafkaProperties kafkaProperties, KafkaConnectionDetails connectionDetails) {
        return new KafkaClientSettings(kafkaProperties, connectionDetails);
    }

    /** The Kafka clients' warm-up at start ({@link ClientWarmUp}); {@code bulkimport.kafka.warm-up-records=0} turns it off. */
    @Bean
    ApplicationRunner kafkaClientsWarmUp(KafkaClientSettings kafka, PipelineProperties properties,
            @Value("${spring.application.name:application}") String service, @Value("${bulkimport.kafka.warm-up-records:6000}") int records) {
        return ClientWarmUp.inBackground(kafka, properties.topicSettings(), service, records);
    }
}
