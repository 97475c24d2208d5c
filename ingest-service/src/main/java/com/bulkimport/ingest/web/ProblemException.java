package com.bulkimport.ingest.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A request refused with a status and specific errors, answered as RFC 9457 problem details. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<ApiError> errors;

    public ProblemException(HttpStatus status, String title, List<ApiError> errors) {
        super(title + ": " + errors);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
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
