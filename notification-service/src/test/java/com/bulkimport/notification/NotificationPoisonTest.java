package com.bulkimport.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.DeliveryPolicy;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.notification.delivery.ResendReport;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.testing.Poison;
import com.bulkimport.testing.PoisonCases;
import com.bulkimport.testing.PoisonDriver;

/**
 * Poison records on each topic notification reads: each goes to the dead-letter topic, as it was,
 * with the reason in its headers; it sends nothing, and the record after it is processed.
 */
class NotificationPoisonTest {

    private static final DeliveryPolicy POLICY = new DeliveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(4), Duration.ofHours(1), Duration.ofMillis(100), 10, Duration.ofDays(30), null, 1, 1, Duration.ofMillis(10));

    private final List<String> mailed = new ArrayList<>();

    @AutoClose
    private final PoisonDriver driver = PoisonDriver.start("notification-poison-test",
            NotificationTopology.build(request -> mailed.add(request.to()), POLICY, StoreKind.IN_MEMORY));

    /** The topics notification reads (see {@link NotificationTopology}). */
    enum Input {
        NOTIFICATION_REQUESTS, EMAIL_RESENDS
    }

    @PoisonCases
    void shouldDeadLetterThePoisonWithItsReasonAndProcessTheNextRecord(Input input, Poison poison) {
        switch (input) {
            case NOTIFICATION_REQUESTS -> {
                var results = driver.output(Topics.NOTIFICATION_RESULTS);
                driver.deadLetterThenProcess(Topics.NOTIFICATION_REQUESTS, poison, welcome(2, "poison@demo.example"),
                        "kind", welcome(3, "next@demo.example"));
                assertThat(mailed).containsExactly("next@demo.example");
                assertThat(results.readValuesToList()).extracting(NotificationResult::row).containsExactly(3);
            }
            case EMAIL_RESENDS -> {
                driver.deadLetterThenProcess(Topics.EMAIL_RESENDS, poison,
                        new EmailResendRequested("poison-request", "demo", "i1", null, null, "ops"), "importId",
                        new EmailResendRequested("next-request", "demo", "i1", null, null, "ops"));
                KeyValueStore<String, ResendReport> reports = driver.store(EmailDelivery.RESEND_REPORTS_STORE);
                assertThat(reports.get(StoreKey.of("demo", "poison-request"))).isNull();
                assertThat(reports.get(StoreKey.of(Poison.OTHER_ACCOUNT, "poison-request"))).isNull();
                assertThat(reports.get(StoreKey.of("demo", "next-request")).emails()).isEmpty();
            }
        }
    }

    private static NotificationRequested welcome(int row, String to) {
        return new NotificationRequested("i1", "demo", row, NotificationRequested.Kind.WELCOME, to, to, "User " + row,
                "Demo Company", null);
    }
}
