package com.bulkimport.notification.delivery;

import com.bulkimport.events.NotificationRequested;

/**
 * An email that waits for another try, in the {@code email-retries} store. The request is kept as
 * it came (its password sealed), with where it came from, for the dead-letter topic.
 *
 * @param request the request, as it came
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param refusals how many times the mail server refused this email for now (4xx)
 * @param waitingSince when it first failed (epoch milliseconds): it is given up after {@link DeliveryPolicy#giveUpAfter()}
 * @param nextTryAt when it may be tried again (epoch milliseconds)
 * @param lastFailure the last failure's reason
 * @param lastException the last failure's exception class
 */
public record PendingEmail(NotificationRequested request, String topic, int partition, long offset, int refusals,
        long waitingSince, long nextTryAt, String lastFailure, String lastException) {

    PendingEmail failed(SmtpFailure failure, int refusalsNow, long nextTry) {
        return new PendingEmail(request, topic, partition, offset, refusalsNow, waitingSince, nextTry, failure.reason(),
                failure.exception());
    }
}
