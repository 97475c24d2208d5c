package com.bulkimport.notification;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.DeliveryPolicy;
import com.bulkimport.notification.delivery.Mailer;
import com.bulkimport.notification.delivery.SendingPool;
import com.bulkimport.notification.delivery.WaitingEmails;
import com.bulkimport.notification.mail.MailSettings;
import com.bulkimport.notification.operator.ResendEmailsEndpoint;
import com.bulkimport.pipeline.KafkaClientSettings;
import com.bulkimport.pipeline.PasswordKeyProperties;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * Notification service. In: {@code NotificationRequested}. Out: the email over SMTP, once, and a
 * {@code NotificationResult} (sent, or failed with the reason) in the same Kafka transaction as the
 * record of what was sent and the consumed offset. Unreadable requests and emails given up go to
 * the dead-letter topic. An operator can have an import's given-up emails sent again, once
 * ({@code /actuator/resendemails}).
 */
@SpringBootApplication
@EnableConfigurationProperties({ DeliveryPolicy.class, MailSettings.class, PasswordKeyProperties.class })
public class NotificationApplication {

    /** Its settings are in {@code notification-service.yml}, so the four services can share one classpath (tests). */
    public static final String CONFIG = "spring.config.name=notification-service";

    /** The Kafka Streams application id: its consumer group and the prefix of its changelog topics. */
    public static final String APPLICATION_ID = "notification-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationApplication.class).properties(CONFIG).run(args);
    }

    /** The instance's SMTP connections ({@code connections}), shared by its stream threads; closed after they stop. */
    @Bean
    SendingPool sendingPool(DeliveryPolicy policy) {
        return new SendingPool(policy.connections());
    }

    @Bean
    Topology notificationTopology(Mailer mailer, DeliveryPolicy policy, SendingPool sendingPool) {
        return NotificationTopology.build(mailer, policy, StoreKind.PERSISTENT, sendingPool);
    }

    @Bean
    StreamsRunner notificationStreams(Topology notificationTopology,
            KafkaClientSettings kafka, PipelineProperties properties, DeliveryPolicy policy) {
        StreamsRunner runner = new StreamsRunner(APPLICATION_ID, notificationTopology, kafka, properties);
        // Partitions are read side by side; their emails share the sending pool's connections.
        runner.configure(StreamsConfig.NUM_STREAM_THREADS_CONFIG, policy.sendingThreads());
        // The outbox's last batches go from a punctuation, one per round of the stream thread: a round that finds no
        // new request waits this long in poll() (100 ms by default), so short rounds keep those batches coming.
        runner.configure(StreamsConfig.POLL_MS_CONFIG, Math.min(policy.flushInterval().toMillis(), 100L));
        // A commit may wait for a few SMTP conversations (a batch of retries): more than Kafka Streams' 10 s default.
        runner.configure(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        return runner;
    }

    /**
     * The producer of operators' re-send requests, connected as {@code spring.kafka.*} says.
     * Not transactional: it writes one record per request, read by nothing in the same step; the
     * idempotent producer with {@code acks=all} writes it once, and a request written twice (a
     * retry after a timeout) sends nothing twice (the report says the second found them sent).
     */
    @Bean
    ProducerFactory<String, EmailResendRequested> resendRequestProducerFactory(KafkaClientSettings kafka,
            ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> settings = kafka.producer();
        settings.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ResendEmailsEndpoint.SEND_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ResendEmailsEndpoint.SEND_TIMEOUT.toMillis()));
        DefaultKafkaProducerFactory<String, EmailResendRequested> factory = new DefaultKafkaProducerFactory<>(settings,
                Topics.EMAIL_RESENDS.keySerde().serializer(), Topics.EMAIL_RESENDS.valueSerde().serializer());
        // its producer's metrics exported with the service's (kafka.producer.*)
        meters.ifAvailable(registry -> factory.addListener(new MicrometerProducerListener<>(registry)));
        return factory;
    }

    @Bean
    KafkaTemplate<String, EmailResendRequested> resendRequestTemplate(
            ProducerFactory<String, EmailResendRequested> resendRequestProducerFactory) {
        return new KafkaTemplate<>(resendRequestProducerFactory);
    }

    /** The emails waiting for another try, as a gauge ({@code bulkimport.emails.waiting}). */
    @Bean
    WaitingEmails waitingEmails(StreamsRunner notificationStreams) {
        return new WaitingEmails(notificationStreams, APPLICATION_ID);
    }

    /** The operator's {@code /actuator/resendemails}: given-up emails sent again, once. */
    @Bean
    ResendEmailsEndpoint resendEmailsEndpoint(StreamsRunner notificationStreams,
            KafkaTemplate<String, EmailResendRequested> resendRequestTemplate,
            @Value("${bulkimport.notification.resend-report-wait:30s}") Duration waitForReport) {
        return new ResendEmailsEndpoint(resendRequestTemplate, notificationStreams, waitForReport);
    }
}
