package com.bulkimport.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.bulkimport.events.AccountKeyed;
import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.DeliveryPolicy;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.notification.delivery.ResendReport;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.testing.Poison;

/**
 * Poison records on each topic notification reads: each goes to the dead-letter topic, as it was,
 * with the reason in its headers; it sends nothing, and the record after it is processed.
 */
class NotificationPoisonTest {

    private static final DeliveryPolicy POLICY = new DeliveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(4), Duration.ofHours(1), Duration.ofMillis(100), 10, Duration.ofDays(30), null);

    private final List<String> mailed = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    /** The topics notification reads (see {@link NotificationTopology}). */
    enum Input {
        NOTIFICATION_REQUESTS, EMAIL_RESENDS
    }

    static Stream<Arguments> cases() {
        return Stream.of(Input.values()).flatMap(input -> Stream.of(Poison.values()).map(p -> Arguments.of(input, p)));
    }

    @BeforeEach
    void start() throws Exception {
        var props = StreamsRunner.settings("notification-poison-test", "dummy:9092",
                new PipelineProperties(1, (short) 1, Files.createTempDirectory("notification-test").toString(), 100L));
        // The test driver drops what the deserialization handler dead-letters under exactly_once_v2 (a real
        // broker does not: ValidationIntegrationTest); the refusals and the handlers are the same either way.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(NotificationTopology.build(request -> mailed.add(request.to()), POLICY,
                StoreKind.IN_MEMORY), props);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void shouldDeadLetterThePoisonWithItsReasonAndProcessTheNextRecord(Input input, Poison poison) {
        switch (input) {
            case NOTIFICATION_REQUESTS -> {
                var results = driver.createOutputTopic(Topics.NOTIFICATION_RESULTS.name(), Serdes.String().deserializer(),
                        Topics.NOTIFICATION_RESULTS.valueSerde().deserializer());
                deadLetterThenProcess(Topics.NOTIFICATION_REQUESTS, poison, welcome(2, "poison@demo.example"), "kind",
                        welcome(3, "next@demo.example"));
                assertThat(mailed).containsExactly("next@demo.example");
                assertThat(results.readValuesToList()).extracting(NotificationResult::row).containsExactly(3);
            }
            case EMAIL_RESENDS -> {
                deadLetterThenProcess(Topics.EMAIL_RESENDS, poison,
                        new EmailResendRequested("poison-request", "demo", "i1", null, null, "ops"), "importId",
                        new EmailResendRequested("next-request", "demo", "i1", null, null, "ops"));
                KeyValueStore<String, ResendReport> reports = driver.getKeyValueStore(EmailDelivery.RESEND_REPORTS_STORE);
                assertThat(reports.get(StoreKey.of("demo", "poison-request"))).isNull();
                assertThat(reports.get(StoreKey.of(Poison.OTHER_ACCOUNT, "poison-request"))).isNull();
                assertThat(reports.get(StoreKey.of("demo", "next-request")).emails()).isEmpty();
            }
        }
    }

    /** Pipes the poison made from {@code base}, then {@code next}; the poison alone is dead-lettered. */
    private <V extends AccountKeyed> void deadLetterThenProcess(Topic<String, V> topic, Poison poison, V base,
            String required, V next) {
        Poison.Record bad = poison.of(topic, base, required);
        driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(bad.keyBytes(), bad.value());
        driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer())
                .pipeInput(next.accountId(), next);

        assertThat(deadLetters.readRecordsToList()).singleElement()
                .satisfies(r -> bad.assertDeadLettered(topic.name(), r.key(), r.value(), r.headers()));
    }

    private static NotificationRequested welcome(int row, String to) {
        return new NotificationRequested("i1", "demo", row, NotificationRequested.Kind.WELCOME, to, to, "User " + row,
                "Demo Company", null);
    }
}
