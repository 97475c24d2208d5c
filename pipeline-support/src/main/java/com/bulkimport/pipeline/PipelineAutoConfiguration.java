package com.bulkimport.pipeline;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import com.bulkimport.events.Topics;

/**
 * Declares the pipeline's topics in every service that has this module: the registry's topics
 * ({@link Topics#newTopics}), with the configured partitions and replication. Spring Boot's
 * {@link KafkaAdmin} creates the missing ones once every bean is made, before any
 * {@link org.springframework.context.SmartLifecycle} starts, so before the {@link StreamsRunner};
 * with {@code spring.kafka.admin.fail-fast=true} (each service's settings) a service whose topics
 * cannot be created does not start.
 */
@AutoConfiguration
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics pipelineTopics(PipelineProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.newTopics(properties.partitions(), properties.replicationFactor())
                .toArray(NewTopic[]::new));
    }
}
