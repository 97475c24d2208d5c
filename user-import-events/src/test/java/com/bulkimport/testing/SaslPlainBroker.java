package com.bulkimport.testing;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker whose only client listener asks for SASL (PLAIN mechanism,
 * without TLS: {@code SASL_PLAINTEXT}), as a secured cluster does: a client without credentials,
 * or with wrong ones, is refused. Users: {@value #USER} (password {@value #PASSWORD}) for the
 * services and the tests' clients, and the broker's own user for its connections to itself.
 * The controller listener stays PLAINTEXT on 127.0.0.1 (inside the test JVM only).
 */
public final class SaslPlainBroker implements AutoCloseable {

    public static final String USER = "pipeline";
    public static final String PASSWORD = "pipeline-secret";
    private static final String BROKER_USER = "broker";
    private static final String BROKER_PASSWORD = "broker-secret";

    private final EmbeddedKafkaKraftBroker broker;

    private SaslPlainBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts the broker; its client listener (Kafka's test kit names it {@code EXTERNAL}) takes SASL only. */
    public static SaslPlainBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, EmbeddedPipelineKafka.PARTITIONS);
        broker.brokerProperties(Map.of(
                "listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                // The broker's users, and its own login on the listener it also uses to reach itself
                "listener.name.external.plain.sasl.jaas.config", jaas(BROKER_USER, BROKER_PASSWORD)
                        .replace(";", " user_" + BROKER_USER + "=\"" + BROKER_PASSWORD + "\" user_" + USER + "=\""
                                + PASSWORD + "\";"),
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new SaslPlainBroker(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** A client's settings to reach the broker as this user. */
    public Map<String, Object> client(String user, String password) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
    }

    /** The JAAS line of a PLAIN login, as {@code sasl.jaas.config} takes it. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
