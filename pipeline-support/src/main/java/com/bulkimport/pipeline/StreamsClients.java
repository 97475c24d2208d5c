package com.bulkimport.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The Kafka clients a service's streams use: Kafka Streams' default ones, but for two things. The
 * producers tell {@link CommittedWrites} of each transaction their stream thread commits; the main
 * consumer waits in an empty poll as {@link PollPace} says (short while its thread is at work,
 * Kafka Streams' default once it is idle) once the streams run; before that (joining the group,
 * taking partitions, restoring) always as briefly as the streams ask, each step of the start being
 * noticed in the next poll.
 */
final class StreamsClients implements KafkaClientSupplier {

    private final CommittedWrites committedWrites;
    private final BooleanSupplier running;

    StreamsClients(CommittedWrites committedWrites, BooleanSupplier running) {
        this.committedWrites = committedWrites;
        this.running = running;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()) {

            @Override
            public void commitTransaction() {
                committedWrites.committingOnThisThread();
                super.commitTransaction();
                committedWrites.committedOnThisThread();
            }
        };
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()) {

            @Override
            public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                return super.poll(running.getAsBoolean() ? PollPace.pollFor(timeout) : timeout);
            }
        };
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
