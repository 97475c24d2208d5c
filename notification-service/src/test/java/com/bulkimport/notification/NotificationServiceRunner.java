package com.bulkimport.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.KafkaTestSupport;

/**
 * Starts the notification service as its main method does (its own settings file, command-line
 * arguments on top), with short waits between retries, and waits until its Kafka Streams
 * topology runs. Tests start, stop and restart it at will.
 */
final class NotificationServiceRunner {

    static final String FROM = "no-reply@bulk.example";
    static final String SIGN_IN_URL = "https://login.demo.example";

    private NotificationServiceRunner() {
    }

    static ConfigurableApplicationContext start(String bootstrapServers, int smtpPort, String passwordKey, Path stateDir,
            String... moreArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--server.port=0",
                "--bulkimport.kafka.partitions=3",
                "--bulkimport.kafka.state-dir=" + stateDir,
                "--bulkimport.password-key=" + passwordKey,
                "--spring.mail.port=" + smtpPort,
                "--bulkimport.mail.from=" + FROM,
                "--bulkimport.mail.sign-in-url=" + SIGN_IN_URL,
                // short waits, so that the tests stay quick: tries after 100 ms, 300 ms; probes every 300 ms at most
                "--bulkimport.notification.attempts=3",
                "--bulkimport.notification.retry-interval=100ms",
                "--bulkimport.notification.max-retry-interval=300ms",
                "--bulkimport.notification.max-probe-interval=300ms",
                "--bulkimport.notification.retry-check-interval=50ms"));
        args.addAll(List.of(moreArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NotificationApplication.class)
                .properties(NotificationApplication.CONFIG).run(args.toArray(String[]::new));
        StreamsRunner streams = context.getBean(StreamsRunner.class);
        KafkaTestSupport.await("notification streams RUNNING", Duration.ofSeconds(60), streams::isQueryable);
        return context;
    }

    static Path newStateDir() {
        try {
            return Files.createTempDirectory("notification-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on now (for a mail server started later on it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
