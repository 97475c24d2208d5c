package com.bulkimport.notification;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.DeliveryPolicy;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.notification.delivery.Mailer;
import com.bulkimport.notification.delivery.PendingEmail;
import com.bulkimport.notification.delivery.SentEmail;
import com.bulkimport.notification.delivery.SmtpGate;

/**
 * The notification topology: each {@code NotificationRequested} (keyed by account id) is sent by
 * {@link EmailDelivery}, which records it in its store and publishes its {@code NotificationResult}
 * (keyed by account id) in the same transaction; a given-up email's request goes to the
 * dead-letter topic.
 */
public final class NotificationTopology {

    private NotificationTopology() {
    }

    public static Topology build(Mailer mailer, DeliveryPolicy policy, com.bulkimport.pipeline.StoreKind stores) {
        var key = Serdes.String();
        SmtpGate gate = new SmtpGate(policy); // one mail server for every task of this instance
        Topology t = new Topology();
        t.addSource("notification-requests", key.deserializer(), Topics.NOTIFICATION_REQUESTS.valueSerde(),
                Topics.NOTIFICATION_REQUESTS.name());
        t.addProcessor("emails", () -> new EmailDelivery(mailer, policy, gate), "notification-requests");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(EmailDelivery.SENT_STORE), key,
                new JsonSerde<>(SentEmail.class)), "emails");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(EmailDelivery.RETRY_STORE), key,
                new JsonSerde<>(PendingEmail.class)), "emails");
        t.addSink(EmailDelivery.RESULTS, Topics.NOTIFICATION_RESULTS.name(), key.serializer(),
                Topics.NOTIFICATION_RESULTS.valueSerde(), "emails");
        t.addSink(EmailDelivery.DEAD_LETTERS, Topics.DEAD_LETTERS, key.serializer(),
                Topics.NOTIFICATION_REQUESTS.valueSerde(), "emails");
        return t;
    }
}
