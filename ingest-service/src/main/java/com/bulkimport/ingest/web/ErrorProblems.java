package com.bulkimport.ingest.web;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The server's own error page ({@code /error}), where an error from the servlet container or a
 * filter ends up (a request the firewall rejects, a {@code sendError}): problem details like every
 * other refusal, in place of Spring Boot's default body, and never the exception or its message.
 * Called directly it answers 404: there is nothing there.
 */
@RestController
class ErrorProblems implements ErrorController {

    @Operation(operationId = "errorPage", tags = ApiDescription.ERRORS, summary = "The server's error page",
            description = "Where a failure before the API ends up (a request the firewall refuses, an error of the "
                    + "servlet container): problem details like every refusal. Called directly: 404. Any method.")
    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null && value >= 400
                ? HttpStatus.valueOf(value) : code == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.ofStatus(status));
    }
}
