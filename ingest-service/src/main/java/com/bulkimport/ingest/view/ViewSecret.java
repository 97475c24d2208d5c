package com.bulkimport.ingest.view;

import org.springframework.core.env.Environment;

/**
 * The secret the ingest instances share for the internal endpoint: {@code bulkimport.view.secret},
 * at least {@link ViewSettings#MIN_SECRET_CHARS} characters. The {@code local} profile (the demo
 * administrators, whose passwords are on the class path anyway; a service listening on 127.0.0.1)
 * has a fixed one, so that {@code ./run.sh --instances 2} needs no setting; every other profile
 * must be given one, or the service does not start.
 */
record ViewSecret(String value) {

    static final String LOCAL = "local-run-only-ingest-view-secret-0123456789";

    static ViewSecret of(ViewSettings settings, Environment environment) {
        String secret = settings.secret();
        if (secret == null && environment.matchesProfiles("local")) {
            return new ViewSecret(LOCAL);
        }
        if (secret == null || secret.length() < ViewSettings.MIN_SECRET_CHARS) {
            throw new ViewNotConfigured((secret == null ? "No secret is set" : "The secret is too short")
                    + " for the calls between ingest instances (bulkimport.view.secret).",
                    "Give every ingest instance the same secret of at least " + ViewSettings.MIN_SECRET_CHARS
                            + " characters in bulkimport.view.secret (environment BULKIMPORT_VIEW_SECRET, or a file "
                            + "of that name through spring.config.import=configtree:...), e.g. the output of "
                            + "'head -c 32 /dev/urandom | base64'; or run with the Spring profile 'local'.");
        }
        return new ViewSecret(secret);
    }

    @Override
    public String toString() {
        return "ViewSecret[hidden]";
    }

    /** A setting the view's routing cannot do without; the service does not start. */
    static final class ViewNotConfigured extends IllegalStateException {

        private final String description;
        private final String action;

        ViewNotConfigured(String description, String action) {
            super(description + " " + action);
            this.description = description;
            this.action = action;
        }

        /** Says at startup which setting is missing, instead of a stack trace. */
        static final class Analyzer
                extends org.springframework.boot.diagnostics.AbstractFailureAnalyzer<ViewNotConfigured> {
            @Override
            protected org.springframework.boot.diagnostics.FailureAnalysis analyze(Throwable rootFailure,
                    ViewNotConfigured cause) {
                return new org.springframework.boot.diagnostics.FailureAnalysis(cause.description, cause.action, cause);
            }
        }
    }
}
