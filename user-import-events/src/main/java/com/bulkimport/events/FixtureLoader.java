package com.bulkimport.events;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes the demo fixture's account events in one transaction. Used by {@code ./run.sh} on
 * first start and by the tests. Usage: {@code FixtureLoader <bootstrap-servers> [partitions]
 * [client.properties]}: the optional file holds the client settings of a secured cluster
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), as Kafka's own tools take them with
 * {@code --command-config}; it is not Spring, so {@code spring.kafka.*} does not reach it.
 */
public final class FixtureLoader {

    private FixtureLoader() {
    }

    public static void main(String[] args) throws IOException {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, Object> client = new HashMap<>();
        if (args.length > 2) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(args[2]))) {
                file.load(in);
            }
            file.stringPropertyNames().forEach(name -> client.put(name, file.getProperty(name)));
        }
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        TopicProvisioner.ensureTopics(client, TopicSettings.of(partitions, (short) 1));
        int count = publish(client, DemoFixture.load());
        System.out.println("Loaded the demo fixture: " + count + " account events");
    }

    public static int publish(String bootstrapServers, DemoFixture fixture) {
        return publish(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), fixture);
    }

    /** @param clientSettings the producer's connection settings (bootstrap servers, security) */
    public static int publish(Map<String, Object> clientSettings, DemoFixture fixture) {
        var events = fixture.accountEvents();
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-loader");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        var topic = Topics.ACCOUNT_EVENTS;
        try (var producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            events.forEach(e -> producer.send(new ProducerRecord<>(topic.name(), e.accountId(), e)));
            producer.commitTransaction();
        }
        return events.size();
    }
}
