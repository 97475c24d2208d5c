package com.bulkimport.localrun;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import com.bulkimport.events.TopicProvisioner;

/**
 * Tells {@code ./run.sh} when the local broker is usable, not merely listening: it answers a
 * cluster description, it creates (or already has) the pipeline's topics, and its transaction
 * coordinator lets a transactional producer start, which the services and the fixture loader need.
 * It never writes a record.
 *
 * <p>Usage: {@code BrokerProbe <bootstrap-servers> <timeout-seconds> <partitions>}. Exits 0 when
 * ready, 1 (with the last error on stderr) when the timeout passes first.
 */
public final class BrokerProbe {

    private BrokerProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("Usage: BrokerProbe <bootstrap-servers> <timeout-seconds> <partitions>");
            System.exit(2);
        }
        String bootstrap = args[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        int partitions = Integer.parseInt(args[2]);

        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                probe(bootstrap, partitions);
                System.out.println("Kafka broker ready on " + bootstrap);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(500);
            }
        }
        System.err.println("Kafka broker on " + bootstrap + " not usable in time: " + last);
        System.exit(1);
    }

    private static void probe(String bootstrap, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                throw new IllegalStateException("the cluster has no broker yet");
            }
        }
        // Idempotent: every topic of the registry, with one partition count (co-partitioning).
        TopicProvisioner.ensureTopics(bootstrap, partitions, (short) 1);
        // initTransactions only succeeds once the transaction state log is up (replication factor 1).
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "run-sh-broker-probe",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.commitTransaction();
        }
    }
}
