package com.bulkimport.ingest.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.servlet.MultipartConfigElement;

/**
 * Every refusal as {@code application/problem+json}, with the list of specific errors: the
 * service's own refusals, Spring MVC's (404 no such path, 405, 406, 415, 400 for a missing part or
 * parameter or a value of the wrong type) and the rare 500, which says nothing of its cause.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    /** The servlet's multipart limits (they follow {@code bulkimport.upload.max-file-bytes}). */
    private final MultipartConfigElement multipart;

    ProblemHandler(MultipartConfigElement multipart) {
        this.multipart = multipart;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ResponseEntity<ProblemDetail> answer = answer(e.status(), e.title(), e.errors());
        if (e.retryAfter() == null) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(answer.getBody());
    }

    /** Anything unforeseen: 500, logged here with its cause, answered without it. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", List.of(ApiError.of("INTERNAL_ERROR",
                "Something went wrong on our side; nothing was started. Try again, and tell support if it happens again.")));
    }

    /** The servlet stopped receiving an upload beyond the configured size (the multipart limits follow it). */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(answer(HttpStatus.CONTENT_TOO_LARGE, "File too large",
                List.of(ApiError.of("FILE_TOO_LARGE", "The upload is larger than the limit of " + multipart.getMaxFileSize()
                        + " bytes; it was refused while it arrived."))).getBody(), HttpStatus.CONTENT_TOO_LARGE);
    }

    /** Spring MVC's own problem details, given the {@code errors} list every answer has. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, statusCode, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("errors"))) {
            HttpStatus known = HttpStatus.resolve(statusCode.value());
            String code = known == null ? "HTTP_" + statusCode.value() : known.name();
            String message = problem.getDetail() != null ? problem.getDetail()
                    : known != null ? known.getReasonPhrase() : "Refused";
            problem.setProperty("errors", List.of(ApiError.of(code, message)));
        }
        return answer;
    }

    static ResponseEntity<ProblemDetail> answer(HttpStatus status, String title, List<ApiError> errors) {
        return ResponseEntity.status(status).body(Problems.of(status, title, errors));
    }
}
