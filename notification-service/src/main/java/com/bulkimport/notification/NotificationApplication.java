package com.bulkimport.notification;

import java.time.Duration;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.bulkimport.notification.delivery.DeliveryPolicy;
import com.bulkimport.notification.delivery.Mailer;
import com.bulkimport.notification.delivery.WaitingEmails;
import com.bulkimport.notification.mail.MailSettings;
import com.bulkimport.notification.operator.ResendEmailsEndpoint;
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

    @Bean
    Topology notificationTopology(Mailer mailer, DeliveryPolicy policy) {
        return NotificationTopology.build(mailer, policy, StoreKind.PERSISTENT);
    }

    @Bean
    StreamsRunner notificationStreams(Topology notificationTopology,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers, PipelineProperties properties,
            DeliveryPolicy policy) {
        StreamsRunner runner = new LeavingStreamsRunner(notificationTopology, bootstrapServers, properties);
        // Sending is mostly waiting for the mail server: partitions are sent side by side, each thread with its connection.
        runner.configure(StreamsConfig.NUM_STREAM_THREADS_CONFIG, policy.sendingThreads());
        // A commit may wait for a few SMTP conversations (a batch of retries): more than Kafka Streams' 10 s default.
        runner.configure(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        return runner;
    }

    /** The emails waiting for another try, as a gauge ({@code bulkimport.emails.waiting}). */
    @Bean
    WaitingEmails waitingEmails(StreamsRunner notificationStreams) {
        return new WaitingEmails(notificationStreams, APPLICATION_ID);
    }

    /** The operator's {@code /actuator/resendemails}: given-up emails sent again, once. */
    @Bean
    ResendEmailsEndpoint resendEmailsEndpoint(StreamsRunner notificationStreams,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${bulkimport.notification.resend-report-wait:30s}") Duration waitForReport) {
        return new ResendEmailsEndpoint(bootstrapServers, notificationStreams, waitForReport);
    }

    /**
     * Leaves the consumer group when the application stops, so that a restarted or another
     * instance takes the partitions at once rather than after the session timeout.
     */
    static final class LeavingStreamsRunner extends StreamsRunner {

        LeavingStreamsRunner(Topology topology, String bootstrapServers, PipelineProperties properties) {
            super(APPLICATION_ID, topology, bootstrapServers, properties);
        }

        @Override
        public void stop() {
            KafkaStreams streams = streams();
            if (streams != null) {
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }
            super.stop();
        }
    }
}
