package com.bulkimport.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.bulkimport.events.Json;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;

import tools.jackson.databind.JsonNode;

/**
 * Where one import's time went: for each topic of the pipeline, when its first and its last record
 * about the import were appended, in milliseconds after the upload started. The benchmark's broker
 * stamps records with its own clock ({@code log.message.timestamp.type=LogAppendTime}; Kafka
 * Streams would otherwise carry the input's timestamp forward unchanged), so each line says when a
 * hop wrote, not when its records became visible (that is at the hop's next commit).
 */
final class Timeline {

    /** A topic's records about the import: count, and first and last append time after the upload. */
    record Hop(String topic, int records, long firstMs, long lastMs) {
        @Override
        public String toString() {
            return String.format("%-28s %6d records  first +%5d ms  last +%5d ms", topic, records, firstMs, lastMs);
        }
    }

    private Timeline() {
    }

    /** The end offset of every partition of every topic on the broker, summed by topic. */
    static Map<String, Long> endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<String, Long> byTopic = new TreeMap<>();
            admin.listOffsets(latest).all().get()
                    .forEach((tp, info) -> byTopic.merge(tp.topic(), info.offset(), Long::sum));
            return byTopic;
        }
    }

    /**
     * What was appended to each topic between two {@link #endOffsets} readings: records and
     * transaction markers (a marker takes an offset too), largest first, shortened for the log.
     */
    static String appended(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((topic, end) -> {
            long d = end - before.getOrDefault(topic, 0L);
            if (d > 0) {
                delta.put(topic.replaceAll("-[0-9a-f]{8}-[0-9a-f-]{27}", ""), d);
            }
        });
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        return "appended (records + transaction markers), total " + total + ": " + delta.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** Reads every committed record of the pipeline's topics and keeps those of {@code importId}. */
    static List<Hop> of(String bootstrap, String importId, long uploadEpochMs) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Hop> hops = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (Topic<String, ?> topic : Topics.EVENTS) {
                if (topic == Topics.ACCOUNT_EVENTS || topic == Topics.EMAIL_RESENDS) {
                    continue;
                }
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
                int n = 0;
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                while (!end.isEmpty()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        JsonNode value = Json.MAPPER.readTree(r.value());
                        if (importId.equals(value.path("importId").asString(null))) {
                            n++;
                            first = Math.min(first, r.timestamp());
                            last = Math.max(last, r.timestamp());
                        }
                    }
                    end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                }
                if (n > 0) {
                    hops.add(new Hop(topic.name(), n, first - uploadEpochMs, last - uploadEpochMs));
                }
            }
        }
        return hops;
    }
}
