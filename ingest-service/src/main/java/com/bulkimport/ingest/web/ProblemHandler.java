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
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer.body(Problems.of(e));
    }

    /** Anything unforeseen: 500, logged here with its cause, answered without it. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(ApiErrorCode.INTERNAL_ERROR.refused());
    }

    /** The servlet stopped receiving an upload beyond the configured size (the multipart limits follow it). */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemException refused = ApiErrorCode.FILE_TOO_LARGE_ON_ARRIVAL.refused(multipart.getMaxFileSize());
        return new ResponseEntity<>(Problems.of(refused), refused.status());
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
}
