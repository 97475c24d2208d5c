package com.bulkimport.ingest.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every refusal as {@code application/problem+json}, with the list of specific errors. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

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

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(answer(HttpStatus.CONTENT_TOO_LARGE, "File too large",
                List.of(ApiError.of("FILE_TOO_LARGE", "The file is larger than the server accepts at all ("
                        + e.getMaxUploadSize() + " bytes)."))).getBody(), HttpStatus.CONTENT_TOO_LARGE);
    }

    static ResponseEntity<ProblemDetail> answer(HttpStatus status, String title, List<ApiError> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(title);
        problem.setDetail(errors.isEmpty() ? title : errors.get(0).message());
        problem.setProperty("errors", errors);
        return ResponseEntity.status(status).body(problem);
    }
}
