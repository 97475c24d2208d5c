package com.bulkimport.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.ApplicationRunner;

import com.bulkimport.events.TopicSettings;

/**
 * The Kafka clients' own per-record code run once at start, on a topic of its own
 * ({@value #TOPIC}), so that the first import after a start does not pay for loading and compiling
 * it. {@link TopologyWarmUp} runs a service's processors without a broker; the first import still
 * compiled some 350 methods of the clients in each service (the producer's batches, its
 * transaction's bookkeeping, the network's reads and writes, the consumer's fetches and record
 * batches), in the interpreter until they were, on the same 2 cores as everything else.
 * <p>
 * A transactional producer, as the stream threads' (exactly-once), writes {@code records} made-up
 * records (keyed by the service's name and a random id of this start, which is also the
 * transactional id's; a fixed filler as value: no account's data) in transactions
 * of {@value #PER_TRANSACTION}, to every partition in turn and a few to a batch, and a
 * {@code read_committed} consumer, as theirs, reads them back.
 * The topic is created when missing, with the pipeline's partitions, replication and
 * {@code min.insync.replicas}, and keeps its records an hour; nothing reads it but this. Each wait is
 * bounded ({@code WAIT}, 15 s, each), so a broker that is not there only ends the warm-up with an
 * exception; so does reading back fewer records than were written.
 */
public final class ClientWarmUp {

    /** The warm-up's topic: no service reads it for anything else. */
    public static final String TOPIC = "warm-up.v1";

    /** The most records a warm-up writes and reads back. */
    public static final int MAX_RECORDS = 10_000;

    static final int PER_TRANSACTION = 200;
    static final Duration KEPT = Duration.ofHours(1);
    private static final int VALUE_BYTES = 500;
    /** A few records a batch (Kafka's default is 16 KB): as many batches as an import's records make. */
    private static final int BATCH_BYTES = 2_048;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ClientWarmUp() {
    }

    /**
     * The start-time task: {@link #run} on a thread of its own ({@link TopologyWarmUp#inBackground}).
     * {@code records} below 1 turns it off; above {@link #MAX_RECORDS} is {@link #MAX_RECORDS}.
     */
    public static ApplicationRunner inBackground(KafkaClientSettings kafka, TopicSettings topic, String applicationId,
            int records) {
        return TopologyWarmUp.inBackground("the Kafka clients", Math.min(records, MAX_RECORDS), "records",
                n -> run(kafka, topic, applicationId, n));
    }

    /**
     * Writes {@code records} made-up records to {@link #TOPIC} as {@code applicationId} and reads them back;
     * answers how many of them were read back.
     */
    public static int run(KafkaClientSettings kafka, TopicSettings topic, String applicationId, int records) {
        // one name a start, for the transactional id, the key and the clients: instances of a service
        // starting together never fence each other, and each reads back only its own records
        String instance = applicationId + "-warm-up-" + UUID.randomUUID();
        try {
            createTopicIfMissing(named(kafka.admin(), instance + "-admin"), topic);
            byte[] key = instance.getBytes(StandardCharsets.UTF_8);
            int read = readBack(named(kafka.consumer(), instance + "-consumer"), key,
                    write(named(kafka.producer(), instance + "-producer"), instance, key, records));
            if (read != records) {
                throw new IllegalStateException("The Kafka clients' warm-up read back " + read + " of the " + records
                        + " records it wrote");
            }
            return read;
        } catch (ExecutionException e) {
            throw new IllegalStateException("The Kafka clients' warm-up failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The Kafka clients' warm-up timed out after " + WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** The warm-up's topic as the pipeline's settings make topics, keeping its records {@link #KEPT}. */
    static NewTopic newTopic(TopicSettings settings) {
        String kept = Long.toString(KEPT.toMillis());
        return new NewTopic(TOPIC, settings.partitions(), settings.replicationFactor()).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()),
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, kept,
                // a segment is deleted whole, once rolled: roll it as often as records expire
                TopicConfig.SEGMENT_MS_CONFIG, kept));
    }

    private static Map<String, Object> named(Map<String, Object> settings, String clientId) {
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    /** Creates the topic only when it is missing: a cluster's ACLs may allow a service to use it, not to create it. */
    private static void createTopicIfMissing(Map<String, Object> settings, TopicSettings topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Admin admin = Admin.create(settings);
        try {
            if (admin.listTopics(new ListTopicsOptions().timeoutMs((int) WAIT.toMillis())).names()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).contains(TOPIC)) {
                return;
            }
            admin.createTopics(List.of(newTopic(topic)), new CreateTopicsOptions().timeoutMs((int) WAIT.toMillis()))
                    .all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        } finally {
            admin.close(WAIT);
        }
    }

    /**
     * Writes the records in transactions, in turn to every partition of the topic, in small batches
     * (as many batches and requests as an import's records make, so that the per-batch code is
     * compiled too); answers each partition's first and last record written.
     */
    private static Map<Integer, RecordMetadata[]> write(Map<String, Object> settings, String transactionalId, byte[] key,
            int records) throws InterruptedException, ExecutionException, TimeoutException {
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        // an open transaction left by a stop holds read_committed readers of its partition back until then
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) WAIT.toMillis());
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'w');
        Map<Integer, Future<RecordMetadata>> first = new TreeMap<>();
        Map<Integer, Future<RecordMetadata>> last = new TreeMap<>();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            int partitions = producer.partitionsFor(TOPIC).size();
            producer.initTransactions();
            for (int sent = 0; sent < records;) {
                producer.beginTransaction();
                for (int i = 0; i < PER_TRANSACTION && sent < records; i++, sent++) {
                    int partition = sent % partitions;
                    Future<RecordMetadata> written = producer.send(new ProducerRecord<>(TOPIC, partition, key, value));
                    first.putIfAbsent(partition, written);
                    last.put(partition, written);
                }
                producer.commitTransaction();
            }
        } finally {
            producer.close(WAIT); // not the default, which waits for ever for records it cannot deliver
        }
        Map<Integer, RecordMetadata[]> written = new TreeMap<>();
        for (int partition : first.keySet()) {
            written.put(partition, new RecordMetadata[] { first.get(partition).get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    last.get(partition).get(WAIT.toMillis(), TimeUnit.MILLISECONDS) });
        }
        return written;
    }

    /** Reads each partition from its first record written to its last, counting the records keyed {@code key}. */
    private static int readBack(Map<String, Object> settings, byte[] key, Map<Integer, RecordMetadata[]> written)
            throws TimeoutException {
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        int read = 0;
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            written.forEach((partition, firstAndLast) -> lastOffsets.put(new TopicPartition(TOPIC, partition),
                    firstAndLast[1].offset()));
            consumer.assign(lastOffsets.keySet());
            written.forEach((partition, firstAndLast) -> consumer.seek(new TopicPartition(TOPIC, partition),
                    firstAndLast[0].offset()));
            long until = System.nanoTime() + WAIT.toNanos();
            while (lastOffsets.entrySet().stream().anyMatch(p -> consumer.position(p.getKey()) <= p.getValue())) {
                if (System.nanoTime() > until) {
                    throw new TimeoutException();
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    read += Arrays.equals(record.key(), key) ? 1 : 0;
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(WAIT));
        }
        return read;
    }
}
