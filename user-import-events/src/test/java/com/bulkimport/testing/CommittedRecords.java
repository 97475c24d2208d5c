package com.bulkimport.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import com.bulkimport.events.Topic;

/** Reads a topic from the start as a downstream consumer would: committed records only. */
public final class CommittedRecords {

    private CommittedRecords() {
    }

    /**
     * The values of {@code topic} that match {@code filter}: waits until {@code expected} are found
     * or the timeout passes (with {@code expected} 0, reads for the whole timeout).
     */
    public static <V> List<V> read(String bootstrapServers, Topic<String, V> topic, Predicate<V> filter, int expected,
            Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || found.size() < expected)) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.value() != null && filter.test(r.value())) {
                        found.add(r.value());
                    }
                });
            }
        }
        return found;
    }
}
