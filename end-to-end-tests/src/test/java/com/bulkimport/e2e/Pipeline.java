package com.bulkimport.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.events.FixtureLoader;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.TopicProvisioner;
import com.bulkimport.ingest.IngestApplication;
import com.bulkimport.notification.NotificationApplication;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.provisioning.ProvisioningApplication;
import com.bulkimport.validation.ValidationApplication;

/**
 * The four services started as four Spring applications in this JVM, against one broker and one
 * SMTP server, with the demo fixture loaded: the product as the local run has it, in one process.
 */
final class Pipeline implements AutoCloseable {

    static final int PARTITIONS = 3;
    /**
     * The validation, provisioning and notification services have no Spring Security on their own
     * classpath (their actuator listens on 127.0.0.1 without sign-in); in this JVM they share
     * ingest's, whose auto-configuration would put their actuator behind a generated password.
     */
    private static final String NO_SIGN_IN = "spring.autoconfigure.exclude";
    private static final String WITHOUT_SECURITY = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration");
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final int ingestPort;

    Pipeline(String bootstrapServers, int smtpPort, Path stateDir) {
        this(bootstrapServers, smtpPort, stateDir, Map.of());
    }

    /** The pipeline with more settings, common to the four services (they win over the defaults here). */
    Pipeline(String bootstrapServers, int smtpPort, Path stateDir, Map<String, Object> settings) {
        TopicProvisioner.ensureTopics(bootstrapServers, PARTITIONS, (short) 1);
        FixtureLoader.publish(bootstrapServers, DemoFixture.load());
        String key = PasswordSealer.newKey();
        Map<String, Object> common = new java.util.HashMap<>(Map.of(
                "spring.kafka.bootstrap-servers", bootstrapServers,
                "server.port", 0,
                "bulkimport.kafka.partitions", PARTITIONS,
                "bulkimport.password-key", key,
                "spring.mail.port", smtpPort,
                // the demo administrators (the ingest service's local sign-in)
                "spring.profiles.active", "local",
                // four services in one JVM: one warm-up of the Kafka clients would warm them all; none
                // is needed for the tests (ClientWarmUpTest covers it; the benchmark's cluster runs it)
                "bulkimport.kafka.warm-up-records", 0));
        common.putAll(settings);
        start(ValidationApplication.class, ValidationApplication.CONFIG, common, Map.of("bulkimport.kafka.state-dir", stateDir.resolve("validation").toString(), NO_SIGN_IN, WITHOUT_SECURITY));
        start(ProvisioningApplication.class, ProvisioningApplication.CONFIG, common, Map.of("bulkimport.kafka.state-dir", stateDir.resolve("provisioning").toString(), NO_SIGN_IN, WITHOUT_SECURITY));
        start(NotificationApplication.class, NotificationApplication.CONFIG, common, Map.of("bulkimport.kafka.state-dir", stateDir.resolve("notification").toString(), NO_SIGN_IN, WITHOUT_SECURITY));
        var ingest = start(IngestApplication.class, IngestApplication.CONFIG, common, Map.of("bulkimport.kafka.state-dir", stateDir.resolve("ingest").toString()));
        ingestPort = ((WebServerApplicationContext) ingest).getWebServer().getPort();
        awaitStreamsRunning(Duration.ofSeconds(90));
    }

    /** Ready as the local run is: every Kafka Streams topology has its partitions and state. */
    private void awaitStreamsRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StreamsRunner> runners = services.stream()
                .flatMap(c -> c.getBeansOfType(StreamsRunner.class).values().stream()).toList();
        while (!runners.stream().allMatch(StreamsRunner::isQueryable)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not running after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private ConfigurableApplicationContext start(Class<?> app, String config, Map<String, Object> common,
            Map<String, Object> own) {
        Map<String, Object> properties = new java.util.HashMap<>(common);
        properties.putAll(own);
        // The common settings win over each service's own file, as command-line arguments do.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        var context = new SpringApplicationBuilder(app).properties(config).run(args);
        services.add(context);
        return context;
    }

    /** The HTTP port of the service started from this application class. */
    int port(Class<?> app) {
        return services.stream().filter(c -> c.getBeanNamesForType(app).length > 0)
                .map(c -> ((WebServerApplicationContext) c).getWebServer().getPort()).findFirst().orElseThrow();
    }

    String api() {
        return "http://127.0.0.1:" + ingestPort;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
