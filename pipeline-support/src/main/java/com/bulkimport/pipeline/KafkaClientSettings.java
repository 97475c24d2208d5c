package com.bulkimport.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The one place a service's Kafka clients get their connection settings: Spring Boot's
 * {@code spring.kafka.*} ({@link KafkaProperties}: bootstrap servers, {@code security.protocol},
 * {@code ssl.*}, {@code spring.kafka.properties.sasl.*}, and each client kind's own
 * {@code spring.kafka.producer|admin|streams.*}), with the connection details applied as Spring
 * Boot applies them to the clients it builds itself (its {@code KafkaAdmin}, its producer
 * factory), so that the Kafka Streams topologies and the services' own producers reach a secured
 * cluster the same way. Callers put the pipeline's own settings on top of a copy (exactly-once,
 * idempotence, application id...), where those must win.
 */
public class KafkaClientSettings {

    private final KafkaProperties properties;
    private final KafkaConnectionDetails connection;

    public KafkaClientSettings(KafkaProperties properties, KafkaConnectionDetails connection) {
        this.properties = properties;
        this.connection = connection;
    }

    /** Settings for a producer (a copy: the caller adds its own). */
    public Map<String, Object> producer() {
        return with(properties.buildProducerProperties(), connection.getProducer());
    }

    /** Settings for a consumer (a copy). */
    public Map<String, Object> consumer() {
        return with(properties.buildConsumerProperties(), connection.getConsumer());
    }

    /** Settings for an admin client (a copy). */
    public Map<String, Object> admin() {
        return with(properties.buildAdminProperties(), connection.getAdmin());
    }

    /** Settings for Kafka Streams (a copy; {@link StreamsRunner#settings} puts the pipeline's on top). */
    public Map<String, Object> streams() {
        return with(properties.buildStreamsProperties(), connection.getStreams());
    }

    /** The bootstrap servers, as a Kafka client takes them. */
    public String bootstrapServers() {
        return String.join(",", connection.getBootstrapServers());
    }

    private static Map<String, Object> with(Map<String, Object> built, KafkaConnectionDetails.Configuration details) {
        Map<String, Object> settings = new HashMap<>(built);
        List<String> servers = details.getBootstrapServers();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        String protocol = details.getSecurityProtocol();
        if (StringUtils.hasLength(protocol)) {
            settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        }
        SslBundle bundle = details.getSslBundle();
        if (bundle != null) {
            settings.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            settings.put(SslBundle.class.getName(), bundle);
        }
        return settings;
    }
}
