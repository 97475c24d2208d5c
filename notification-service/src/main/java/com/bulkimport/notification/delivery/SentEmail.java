package com.bulkimport.notification.delivery;

import com.bulkimport.events.NotificationRequested;

/**
 * The record that an email was dealt with: sent, or given up (and reported failed). Kept in the
 * {@code sent-emails} store under the email's import, row and kind, so a repeated request is not
 * sent again.
 *
 * @param sent true when the mail server accepted it
 * @param at when (epoch milliseconds), to forget it after {@link DeliveryPolicy#keepSentFor()}
 * @param failure why it was given up; null when sent
 * @param request a given-up email's request as it came (its password sealed), so that an operator
 *        can have it sent again; null for an email sent, and for one given up before it was kept
 * @param resent true once an operator had it sent again: it is not sent again a second time
 */
public record SentEmail(boolean sent, long at, String failure, NotificationRequested request, Boolean resent) {

    public SentEmail(boolean sent, long at, String failure) {
        this(sent, at, failure, null, null);
    }

    /** Whether an operator had this email sent again already. */
    public boolean wasResent() {
        return Boolean.TRUE.equals(resent);
    }
}
