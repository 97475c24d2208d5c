package com.bulkimport.notification.delivery;

import java.util.List;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;

/**
 * What notification did for an operator's {@link EmailResendRequested}: each given-up email it
 * found, and what became of it. Kept in the {@value EmailDelivery#RESEND_REPORTS_STORE} store under
 * the account and the request id, for the operator's endpoint to return.
 *
 * @param requestId the operator's request
 * @param accountId its account
 * @param importId its import
 * @param row the row asked for, or null for every row
 * @param kind the kind asked for, or null for both
 * @param requestedBy who asked
 * @param at when it was acted on (epoch milliseconds)
 * @param emails the given-up emails found, and what became of each
 */
public record ResendReport(String requestId, String accountId, String importId, Integer row,
        NotificationRequested.Kind kind, String requestedBy, long at, List<Email> emails) {

    /** What became of one given-up email. */
    public enum Outcome {
        /** The mail server took it this time. */
        SENT_AGAIN,
        /** Tried again, and refused or not reached again: it stays given up; {@code detail} says why. */
        FAILED_AGAIN,
        /** An operator had it sent again before: not sent a second time. */
        RESENT_BEFORE,
        /** Given up before the service kept given-up requests: its request is only in the dead-letter topic. */
        REQUEST_NOT_KEPT
    }

    /** One given-up email: its row, kind and recipient, what became of it, and the reason when it failed. */
    public record Email(int row, NotificationRequested.Kind kind, String to, Outcome outcome, String detail) {
    }

    /** How many of the emails ended with this outcome. */
    public long count(Outcome outcome) {
        return emails.stream().filter(e -> e.outcome() == outcome).count();
    }
}
