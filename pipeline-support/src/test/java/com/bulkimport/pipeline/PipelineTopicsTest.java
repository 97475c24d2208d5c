package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import com.bulkimport.events.Topics;
import com.bulkimport.testing.EmbeddedPipelineKafka;

/**
 * A service's topics exist before its Kafka Streams start: KafkaAdmin creates the registry's
 * topics, with the configured partitions, before any lifecycle bean (as {@link StreamsRunner})
 * starts; and a service that cannot create them does not start.
 */
@SpringBootTest(classes = PipelineTopicsTest.App.class, properties = {
        "bulkimport.kafka.partitions=2", "spring.kafka.admin.fail-fast=true" })
@EmbeddedPipelineKafka
class PipelineTopicsTest {

    @Autowired
    TopicsSeenAtStart seen;

    @Test
    void shouldCreateEveryTopicOfTheRegistryWithItsPartitionsBeforeAnyLifecycleStarts() throws Exception {
        assertThat(seen.names).containsAll(Topics.allNames());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, seen.bootstrapServers))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.allNames()).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
        }
    }

    @Test
    void shouldNotStartWhenTheTopicsCannotBeCreated() {
        var app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE);
        assertThatThrownBy(() -> app.run("--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--spring.kafka.admin.fail-fast=true", "--spring.kafka.admin.operation-timeout=2s",
                "--spring.kafka.admin.properties.request.timeout.ms=2000",
                "--spring.kafka.admin.properties.default.api.timeout.ms=2000").close())
                .hasMessageContaining("Could not configure topics");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        TopicsSeenAtStart topicsSeenAtStart(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
            return new TopicsSeenAtStart(bootstrapServers);
        }
    }

    /** Starts in the same phase as a {@link StreamsRunner}, and notes the topics the broker has then. */
    static final class TopicsSeenAtStart implements SmartLifecycle {

        final String bootstrapServers;
        volatile Set<String> names = Set.of();
        private volatile boolean running;

        TopicsSeenAtStart(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        @Override
        public void start() {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
