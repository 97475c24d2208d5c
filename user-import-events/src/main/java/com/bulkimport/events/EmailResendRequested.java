package com.bulkimport.events;

/**
 * An operator asks to send again the emails of an import that were given up (reported failed):
 * all of them, or those of one row, or of one kind. Each given-up email is sent again once; a
 * second request for it sends nothing. Notification reports what it did under {@code requestId}.
 *
 * @param requestId the operator's request, unique: a request read twice is acted on once
 * @param accountId the account, the key
 * @param importId the import whose given-up emails are sent again
 * @param row only this row's, or null for every row
 * @param kind only this kind, or null for both
 * @param requestedBy who asked (for the log and the report)
 */
public record EmailResendRequested(@Required String requestId, @Required String accountId, @Required String importId,
        Integer row, NotificationRequested.Kind kind, String requestedBy) implements AccountKeyed {
}
