package com.bulkimport.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One specific error in a problem-details answer: what, and where in the file when it applies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String code, String message, Integer line, String column, String suggestion) {

    public static ApiError of(String code, String message) {
        return new ApiError(code, message, null, null, null);
    }
}
