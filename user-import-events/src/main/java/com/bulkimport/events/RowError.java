package com.bulkimport.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with one row: the column (template header), the value as given, a stable code
 * (written as its name), a sentence a person understands, and a suggestion where one applies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowError(int row, String column, String value, ErrorCode code, String message, String suggestion) {

    public static RowError of(int row, TemplateColumn column, String value, ErrorCode code, String message) {
        return new RowError(row, column.header(), value, code, message, null);
    }

    public RowError withSuggestion(String suggestion) {
        return new RowError(row, column, value, code, message, suggestion);
    }
}
