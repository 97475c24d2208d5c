package com.bulkimport.pipeline;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The small topologies of the streams tests on a real broker: one topic of strings read by one
 * processor with one in-memory store of strings; and a record sent to such a topic.
 */
final class OneStoreTopology {

    private OneStoreTopology() {
    }

    static Topology of(String input, String store, ProcessorSupplier<String, String, Void, Void> processor) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.String()));
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String())).process(processor, store);
        return builder.build();
    }

    static void send(EmbeddedKafkaBroker broker, String topic, String key, String value) {
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
