package com.bulkimport.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.bulkimport.events.Topic;

/** Plain Kafka clients for the integration tests: transactional writes, read_committed reads. */
public final class KafkaTestSupport {

    private final Map<String, Object> client;

    public KafkaTestSupport(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** @param client the clients' connection settings: bootstrap servers, and a secured broker's {@code security.protocol}, {@code sasl.*} */
    public KafkaTestSupport(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /** The connection settings with these on top. */
    private Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    /** Sends the records in one transaction, as ingest does; values are serialized with the topic's serde. */
    public <V> void sendInOneTransaction(Topic<String, V> topic, List<V> values, java.util.function.Function<V, String> key) {
        Map<String, Object> config = config(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            values.forEach(v -> producer.send(new ProducerRecord<>(topic.name(), key.apply(v), v)));
            producer.commitTransaction();
        }
    }

    /** Sends bytes as they are, without a transaction: what a broken producer would do. */
    public void sendRaw(String topic, String key, byte[] value) {
        Map<String, Object> config = config();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a topic from the beginning with {@code read_committed}, keeping the records that match
     * {@code keep}, until {@code done} holds for them (then polls once more, to catch any extra
     * record) or the timeout passes.
     */
    public <V> List<ConsumerRecord<String, V>> readCommitted(Topic<String, V> topic, Predicate<ConsumerRecord<String, V>> keep,
            Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        return read(topic.name(), "read_committed", topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                keep, done, timeout);
    }

    /** As {@link #readCommitted}, with keys and values as raw bytes. */
    public List<ConsumerRecord<byte[], byte[]>> readCommittedRaw(String topic, Predicate<ConsumerRecord<byte[], byte[]>> keep,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        return read(topic, "read_committed", new ByteArrayDeserializer(), new ByteArrayDeserializer(), keep, done, timeout);
    }

    /** As {@link #readCommittedRaw}, but {@code read_uncommitted}: what is on disk, aborted transactions included. */
    public List<ConsumerRecord<byte[], byte[]>> readEverythingRaw(String topic, Predicate<ConsumerRecord<byte[], byte[]>> keep,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        return read(topic, "read_uncommitted", new ByteArrayDeserializer(), new ByteArrayDeserializer(), keep, done, timeout);
    }

    /**
     * Everything on disk in these topics, aborted transactions included, read up to the end offsets
     * they had when called.
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEndRaw(java.util.Collection<String> topics, Duration timeout) {
        Map<String, Object> config = config(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topics + " to the end in " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found;
    }

    private <K, V> List<ConsumerRecord<K, V>> read(String topic, String isolation, Deserializer<K> keys,
            Deserializer<V> values, Predicate<ConsumerRecord<K, V>> keep, Predicate<List<ConsumerRecord<K, V>>> done,
            Duration timeout) {
        Map<String, Object> config = config(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, V>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !done.test(found)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keep.test(r)) {
                        found.add(r);
                    }
                });
            }
            if (done.test(found)) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (keep.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    /** Polls a condition until it holds, or fails after the timeout. */
    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // e.g. a store not queryable during a rebalance: try again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not true after " + timeout + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
