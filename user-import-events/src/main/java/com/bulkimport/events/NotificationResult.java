package com.bulkimport.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An email sent, or given up on with the reason. {@code resent} marks the result of an email sent
 * again at an operator's request ({@link EmailResendRequested}) after it was given up: it follows
 * that email's first result (failed), and replaces it when {@code sent}. Written only when true (null
 * otherwise), so the other results are as they were, and results written before it read as they did.
 */
public record NotificationResult(@Required String importId, @Required String accountId, @Required int row,
        @Required NotificationRequested.Kind kind, String to, @Required boolean sent, String failure,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean resent) implements AccountKeyed {

    /** The result of an email's first sending (not a re-send). */
    public NotificationResult(String importId, String accountId, int row, NotificationRequested.Kind kind, String to,
            boolean sent, String failure) {
        this(importId, accountId, row, kind, to, sent, failure, null);
    }

    /** Whether this is the result of an operator's re-send. */
    @JsonIgnore
    public boolean isResend() {
        return Boolean.TRUE.equals(resent);
    }
}
