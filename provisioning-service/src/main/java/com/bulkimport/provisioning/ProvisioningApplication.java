package com.bulkimport.provisioning;

import org.apache.kafka.streams.Topology;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.bulkimport.pipeline.PasswordKeyProperties;
import com.bulkimport.pipeline.KafkaClientSettings;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.TopologyWarmUp;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * Provisioning service. In: account events and {@code ProvisionUser} commands. Out: one
 * {@code RowProvisioned} per row, one {@code UserCreated} per created user and the notification
 * requests, each in the same transaction as the directory update. Owns the account directory.
 */
@SpringBootApplication
@EnableConfigurationProperties(PasswordKeyProperties.class)
public class ProvisioningApplication {

    /** Its settings are in {@code provisioning-service.yml}, so the four services can share one classpath (tests). */
    public static final String CONFIG = "spring.config.name=provisioning-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProvisioningApplication.class).properties(CONFIG).run(args);
    }

    @Bean
    Topology provisioningTopology(PasswordKeyProperties passwordKey) {
        return ProvisioningTopology.build(passwordKey.sealer(), StoreKind.PERSISTENT);
    }

    /**
     * Runs the topology once on made-up commands as the service starts ({@link ProvisioningWarmUp}),
     * on a thread of its own, so that the first import after a start is not the one that loads and
     * compiles provisioning's per-row code.
     */
    @Bean
    ApplicationRunner provisioningWarmUp(PipelineProperties properties,
            @Value("${bulkimport.provisioning.warm-up-rows:800}") int rows) {
        return TopologyWarmUp.inBackground("provisioning", rows, n -> ProvisioningWarmUp.run(properties, n));
    }

    @Bean
    StreamsRunner provisioningStreams(Topology provisioningTopology,
            KafkaClientSettings kafka, PipelineProperties properties) {
        return new StreamsRunner("provisioning-service", provisioningTopology, kafka, properties);
    }
}
