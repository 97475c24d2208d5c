package com.bulkimport.notification;

import org.apache.kafka.streams.Topology;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.DeliveryPolicy;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.notification.delivery.Mailer;
import com.bulkimport.notification.delivery.PendingEmail;
import com.bulkimport.notification.delivery.ResendReport;
import com.bulkimport.notification.delivery.SendingPool;
import com.bulkimport.notification.delivery.SentEmail;
import com.bulkimport.notification.delivery.SmtpGate;
import com.bulkimport.pipeline.PipelineTopology;
import com.bulkimport.pipeline.StoreKind;

/**
 * The notification topology: each {@code NotificationRequested} (keyed by account id) is sent by
 * {@link EmailDelivery}, which records it in its outbox, sends it with others in a batch over the
 * instance's SMTP connections, records it as sent and publishes its {@code NotificationResult}
 * (keyed by account id) in the same transaction; a given-up email's request goes to the
 * dead-letter topic. An operator's {@code EmailResendRequested} (keyed by account id, so read by
 * the task that owns the account's emails) has the import's given-up emails sent again, once.
 */
public final class NotificationTopology {

    private NotificationTopology() {
    }

    /** With a sending pool of its own ({@code connections} daemon threads), for tests. */
    public static Topology build(Mailer mailer, DeliveryPolicy policy, StoreKind stores) {
        return build(mailer, policy, stores, new SendingPool(policy.connections()));
    }

    /** @param pool the instance's SMTP connections, shared by every task and stream thread */
    public static Topology build(Mailer mailer, DeliveryPolicy policy, StoreKind stores, SendingPool pool) {
        SmtpGate gate = new SmtpGate(policy); // one mail server for every task of this instance
        return new PipelineTopology(stores)
                .source("notification-requests", Topics.NOTIFICATION_REQUESTS)
                .source("email-resends", Topics.EMAIL_RESENDS)
                .processor("emails", () -> new EmailDelivery(mailer, policy, gate, pool), "notification-requests",
                        "email-resends")
                .store(EmailDelivery.SENT_STORE, new JsonSerde<>(SentEmail.class), "emails")
                .store(EmailDelivery.OUTBOX_STORE, new JsonSerde<>(PendingEmail.class), "emails")
                .store(EmailDelivery.RETRY_STORE, new JsonSerde<>(PendingEmail.class), "emails")
                .store(EmailDelivery.RESEND_REPORTS_STORE, new JsonSerde<>(ResendReport.class), "emails")
                .sink(EmailDelivery.RESULTS, Topics.NOTIFICATION_RESULTS, "emails")
                .deadLetterSink(EmailDelivery.DEAD_LETTERS, Topics.NOTIFICATION_REQUESTS, "emails")
                .build();
    }
}
