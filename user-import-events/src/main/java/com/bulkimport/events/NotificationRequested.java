package com.bulkimport.events;

/**
 * One email to send. For {@link Kind#TEMPORARY_PASSWORD} the password is sealed with
 * {@link PasswordSealer} for the notification service alone; it never crosses Kafka in clear.
 */
public record NotificationRequested(String importId, String accountId, int row, Kind kind, String to,
        String userEmail, String displayName, String accountName, String sealedPassword) {

    public enum Kind {
        TEMPORARY_PASSWORD, WELCOME
    }
}
