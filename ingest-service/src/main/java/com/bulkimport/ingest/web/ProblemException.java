package com.bulkimport.ingest.web;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request refused with specific errors, answered as RFC 9457 problem details with the status,
 * title and {@code Retry-After} of its code in the catalogue; built by {@link ApiErrorCode}.
 */
public class ProblemException extends RuntimeException {

    private final ApiErrorCode answer;
    private final List<ApiError> errors;

    ProblemException(ApiErrorCode answer, List<ApiError> errors) {
        super(answer.title() + ": " + errors);
        this.answer = answer;
        this.errors = List.copyOf(errors);
    }

    /** When to try again, or null. */
    public Duration retryAfter() {
        return answer.retryAfter();
    }

    public HttpStatus status() {
        return answer.status();
    }

    public String title() {
        return answer.title();
    }

    public List<ApiError> errors() {
        return errors;
    }
}
