package com.bulkimport.pipeline;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Creates the pipeline's topics in every service that has this module. */
@AutoConfiguration
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineAutoConfiguration {

    @Bean
    PipelineTopics pipelineTopics(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            PipelineProperties properties) {
        return new PipelineTopics(bootstrapServers, properties);
    }
}
