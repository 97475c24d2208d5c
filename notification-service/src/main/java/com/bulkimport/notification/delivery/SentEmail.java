package com.bulkimport.notification.delivery;

/**
 * The record that an email was dealt with: sent, or given up (and reported failed). Kept in the
 * {@code sent-emails} store under the email's import, row and kind, so a repeated request is not
 * sent again.
 *
 * @param sent true when the mail server accepted it
 * @param at when (epoch milliseconds), to forget it after {@link DeliveryPolicy#keepSentFor()}
 * @param failure why it was given up; null when sent
 */
public record SentEmail(boolean sent, long at, String failure) {
}
