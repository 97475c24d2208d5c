package com.bulkimport.ingest.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says at startup which sign-in setting is missing, instead of a stack trace. */
class SignInFailureAnalyzer extends AbstractFailureAnalyzer<SignInNotConfigured> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SignInNotConfigured cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
