package com.bulkimport.events;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes the demo fixture's account events in one transaction. Used by {@code ./run.sh} on
 * first start and by the tests. Usage: {@code FixtureLoader <bootstrap-servers> [partitions]}.
 */
public final class FixtureLoader {

    private FixtureLoader() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TopicProvisioner.ensureTopics(bootstrap, partitions, (short) 1);
        int count = publish(bootstrap, DemoFixture.load());
        System.out.println("Loaded the demo fixture: " + count + " account events");
    }

    public static int publish(String bootstrapServers, DemoFixture fixture) {
        var events = fixture.accountEvents();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-loader",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
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
