package com.bulkimport.ingest.security;

/** Production sign-in lacks a setting it cannot do without; the service does not start. */
class SignInNotConfigured extends IllegalStateException {

    private final String description;
    private final String action;

    SignInNotConfigured(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    String description() {
        return description;
    }

    String action() {
        return action;
    }
}
