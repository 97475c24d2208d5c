package com.bulkimport.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A real single-node Kafka broker for a test class, as the pipeline needs it: transactions on one
 * replica, no wait before the first rebalance, its address in {@code spring.kafka.bootstrap-servers}
 * for a Spring test. Topics are created by the test (the registry's, through
 * {@code TopicProvisioner}) or by the services it starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedKafka(count = 1, partitions = EmbeddedPipelineKafka.PARTITIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0" })
public @interface EmbeddedPipelineKafka {

    /** The partitions of every topic in the tests, as in the local run. */
    int PARTITIONS = 3;
}
