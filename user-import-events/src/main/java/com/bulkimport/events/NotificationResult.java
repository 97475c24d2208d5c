package com.bulkimport.events;

/** An email sent, or given up on with the reason. */
public record NotificationResult(String importId, String accountId, int row,
        NotificationRequested.Kind kind, String to, boolean sent, String failure) {
}
