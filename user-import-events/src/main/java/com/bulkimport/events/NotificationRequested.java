package com.bulkimport.events;


/**
 * One email to send. For {@link Kind#TEMPORARY_PASSWORD} the password is sealed with
 * {@link PasswordSealer} for the notification service alone; it never crosses Kafka in clear.
 */
public record NotificationRequested(@Required String importId, @Required String accountId, @Required int row,
        @Required Kind kind, @Required String to, String userEmail, String displayName, String accountName,
        String sealedPassword) implements AccountKeyed {

    public enum Kind {
        TEMPORARY_PASSWORD, WELCOME
    }
}
