package com.bulkimport.notification;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.util.backoff.FixedBackOff;

import com.bulkimport.events.Json;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.Topics;

/**
 * A transactional listener: the result record and the consumed offset commit together, and the
 * consumer reads committed records only. A request that cannot be read, or whose email fails
 * after the retries, is published to the dead-letter topic with the reason in its headers, and
 * the partition moves on.
 */
@Configuration
class NotificationKafkaConfiguration {

    private final String bootstrapServers;

    NotificationKafkaConfiguration(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Bean
    DefaultKafkaProducerFactory<String, Object> notificationProducerFactory(
            @Value("${bulkimport.notification.transaction-id-prefix:notification-}") String transactionIdPrefix) {
        var factory = new DefaultKafkaProducerFactory<String, Object>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new OutboundSerializer());
        factory.setTransactionIdPrefix(transactionIdPrefix);
        return factory;
    }

    @Bean
    KafkaTemplate<String, Object> notificationTemplate(DefaultKafkaProducerFactory<String, Object> notificationProducerFactory) {
        return new KafkaTemplate<>(notificationProducerFactory);
    }

    @Bean
    KafkaTransactionManager<String, Object> notificationTransactionManager(
            DefaultKafkaProducerFactory<String, Object> notificationProducerFactory) {
        return new KafkaTransactionManager<>(notificationProducerFactory);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, NotificationRequested> kafkaListenerContainerFactory(
            KafkaTemplate<String, Object> notificationTemplate,
            KafkaTransactionManager<String, Object> notificationTransactionManager,
            @Value("${bulkimport.notification.attempts:3}") long attempts,
            @Value("${bulkimport.notification.retry-interval-ms:1000}") long retryIntervalMs) {
        var consumerFactory = new DefaultKafkaConsumerFactory<String, NotificationRequested>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "notification-service",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(),
                new ErrorHandlingDeserializer<>(Topics.NOTIFICATION_REQUESTS.valueSerde().deserializer()));
        var factory = new ConcurrentKafkaListenerContainerFactory<String, NotificationRequested>();
        factory.setConsumerFactory(consumerFactory);
        factory.getContainerProperties().setKafkaAwareTransactionManager(notificationTransactionManager);
        var recoverer = new DeadLetterPublishingRecoverer(notificationTemplate,
                (record, e) -> new TopicPartition(Topics.DEAD_LETTERS, -1));
        factory.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(recoverer,
                new FixedBackOff(retryIntervalMs, attempts - 1), notificationTemplate, true));
        return factory;
    }

    /** Contract records as JSON; the raw bytes of an unreadable record (for the dead-letter topic) as they are. */
    static final class OutboundSerializer implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            if (data == null || data instanceof byte[]) {
                return (byte[]) data;
            }
            return Json.MAPPER.writeValueAsBytes(data);
        }
    }
}
