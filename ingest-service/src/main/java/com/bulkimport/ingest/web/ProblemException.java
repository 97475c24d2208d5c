package com.bulkimport.ingest.web;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;

/** A request refused with a status and specific errors, answered as RFC 9457 problem details. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<ApiError> errors;
    private final Duration retryAfter;

    public ProblemException(HttpStatus status, String title, List<ApiError> errors) {
        this(status, title, errors, null);
    }

    /** A refusal that may succeed later: answered with {@code Retry-After}. */
    public ProblemException(HttpStatus status, String title, List<ApiError> errors, Duration retryAfter) {
        super(title + ": " + errors);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    /** When to try again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<ApiError> errors() {
        return errors;
    }
}
