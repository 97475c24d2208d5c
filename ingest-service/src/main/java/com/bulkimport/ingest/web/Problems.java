package com.bulkimport.ingest.web;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The one shape of every refusal: RFC 9457 problem details whose {@code detail} is the first
 * error's message, with the list of specific errors (see {@link ApiErrorCode}). Built here for the
 * controllers' exception handlers and written here for the security filters, which answer before
 * Spring MVC.
 */
public final class Problems {

    /** Spring's own JSON converter, with its problem-details mixin (the properties at the top level). */
    private static final JacksonJsonHttpMessageConverter JSON = new JacksonJsonHttpMessageConverter();

    private Problems() {
    }

    public static ProblemDetail of(ProblemException refusal) {
        ProblemDetail problem = ProblemDetail.forStatus(refusal.status());
        problem.setTitle(refusal.title());
        problem.setDetail(refusal.errors().isEmpty() ? refusal.title() : refusal.errors().get(0).message());
        problem.setProperty("errors", refusal.errors());
        return problem;
    }

    /**
     * A refusal of the server itself (not one of the catalogue's): its status name as the code and
     * its reason as title and message; any 5xx is the catalogue's {@link ApiErrorCode#INTERNAL_ERROR}.
     */
    public static ProblemDetail ofStatus(HttpStatus status) {
        if (status.is5xxServerError()) {
            return of(ApiErrorCode.INTERNAL_ERROR.refused());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status.getReasonPhrase());
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("errors", List.of(ApiError.of(status.name(), status.getReasonPhrase())));
        return problem;
    }

    /** Writes the answer straight to the response (headers set before stay). */
    public static void write(HttpServletResponse response, ProblemException refusal) throws IOException {
        response.setStatus(refusal.status().value());
        JSON.write(of(refusal), MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
    }
}
