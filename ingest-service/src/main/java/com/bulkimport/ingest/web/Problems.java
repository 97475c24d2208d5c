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
 * error's message, with the list of specific errors. Built here for the controllers' exception
 * handlers and written here for the security filters, which answer before Spring MVC.
 */
public final class Problems {

    /** Spring's own JSON converter, with its problem-details mixin (the properties at the top level). */
    private static final JacksonJsonHttpMessageConverter JSON = new JacksonJsonHttpMessageConverter();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String title, List<ApiError> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(title);
        problem.setDetail(errors.isEmpty() ? title : errors.get(0).message());
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Writes the answer straight to the response (headers set before stay). */
    public static void write(HttpServletResponse response, HttpStatus status, String title, List<ApiError> errors)
            throws IOException {
        response.setStatus(status.value());
        JSON.write(of(status, title, errors), MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
    }
}
