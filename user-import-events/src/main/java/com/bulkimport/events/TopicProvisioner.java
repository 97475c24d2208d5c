package com.bulkimport.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the registry's topics ({@link Topics#newTopics}) when they are missing, for what runs
 * without Spring: the fixture loader, {@code ./run.sh}'s broker probe and the tests that start a
 * broker. The services create the same list with spring-kafka's {@code KafkaAdmin} (pipeline-support),
 * from their {@code spring.kafka.*} and {@code bulkimport.kafka.*} settings.
 * Idempotent: a topic that exists is left as it is.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    public static void ensureTopics(String bootstrapServers, int partitions, short replicationFactor) {
        ensureTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                TopicSettings.of(partitions, replicationFactor));
    }

    /**
     * @param adminSettings the admin client's settings: {@code bootstrap.servers}, and for a secured
     *        cluster its {@code security.protocol}, {@code sasl.*}, {@code ssl.*}
     * @param settings the topics' partitions, replication and overrides
     */
    public static void ensureTopics(Map<String, Object> adminSettings, TopicSettings settings) {
        Object bootstrapServers = adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(new HashMap<>(adminSettings))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.newTopics(settings).stream()
                    .filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create the pipeline's topics on " + bootstrapServers, e.getCause());
        }
    }
}
