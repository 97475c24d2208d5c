package com.bulkimport.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One specific error in a problem-details answer: its code and sentence (from {@link ApiErrorCode},
 * or an HTTP status's name for Spring MVC's own refusals), and where in the file when it applies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String code, String message, Integer line, String column, String suggestion) {

    public static ApiError of(String code, String message) {
        return new ApiError(code, message, null, null, null);
    }

    /** The same error with a suggestion of what was probably meant. */
    public ApiError withSuggestion(String suggestion) {
        return new ApiError(code, message, line, column, suggestion);
    }
}
