package com.bulkimport.validation;

import org.apache.kafka.streams.Topology;
import org.springframework.boot.ApplicationRunner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import com.bulkimport.pipeline.KafkaClientSettings;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.pipeline.TopologyWarmUp;
import com.bulkimport.validation.rules.RowRules;

/**
 * Validation service. In: account events, {@code user created} events, import submissions and rows
 * provisioned (to know when a released import has ended). Out: one {@code RowValidated} per row,
 * one {@code ImportGateDecided} per import and, for a released import, one {@code ProvisionUser}
 * per row. Owns its view of each account, the rows of imports being gathered, and each account's
 * running import (one import per account at a time).
 */
@SpringBootApplication
public class ValidationApplication {

    /** Its settings are in {@code validation-service.yml}, so the four services can share one classpath (tests). */
    public static final String CONFIG = "spring.config.name=validation-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ValidationApplication.class).properties(CONFIG).run(args);
    }

    @Bean
    Topology validationTopology() {
        return ValidationTopology.build(RowRules.standard(), StoreKind.PERSISTENT);
    }

    /**
     * Runs the topology once on a made-up import as the service starts ({@link ImportWarmUp}), on a
     * thread of its own while the streams join their group, so that readiness does not wait for it.
     */
    @Bean
    ApplicationRunner importWarmUp(PipelineProperties properties,
            @Value("${bulkimport.validation.warm-up-rows:1000}") int rows) {
        return TopologyWarmUp.inBackground("validation", rows, n -> ImportWarmUp.run(properties, n));
    }

    @Bean
    StreamsRunner validationStreams(Topology validationTopology,
            KafkaClientSettings kafka, PipelineProperties properties) {
        return new StreamsRunner("validation-service", validationTopology, kafka, properties);
    }
}
