package com.bulkimport.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One specific error in a problem-details answer: its code and sentence (from {@link ApiErrorCode},
 * or an HTTP status's name for Spring MVC's own refusals), and where in the file when it applies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One specific error of a refusal.")
public record ApiError(
        @Schema(description = "A stable code of the catalogue (ApiErrorCode), or an HTTP status's name for the "
                + "server's own refusals (NOT_FOUND, METHOD_NOT_ALLOWED, ...).") String code,
        @Schema(description = "What is wrong and what to do, for a person.") String message,
        @Schema(description = "The line of the file, when the error is in one.") Integer line,
        @Schema(description = "The column (template header) or option, when the error is in one.") String column,
        @Schema(description = "What was probably meant, when there is a guess.") String suggestion) {

    public static ApiError of(String code, String message) {
        return new ApiError(code, message, null, null, null);
    }

    /** The same error with a suggestion of what was probably meant. */
    public ApiError withSuggestion(String suggestion) {
        return new ApiError(code, message, line, column, suggestion);
    }
}
