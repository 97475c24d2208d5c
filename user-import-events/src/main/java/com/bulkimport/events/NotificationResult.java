package com.bulkimport.events;


/** An email sent, or given up on with the reason. */
public record NotificationResult(@Required String importId, @Required String accountId, @Required int row,
        @Required NotificationRequested.Kind kind, String to, @Required boolean sent, String failure)
        implements AccountKeyed {
}
