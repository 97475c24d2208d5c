package com.bulkimport.validation.rules;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;

/** First Name, Last Name, Job Title, Department: free text, at most 64 characters, no control characters. */
final class FreeTextRule implements RowRule {

    static final int MAX_LENGTH = 64;
    private final TemplateColumn column;

    FreeTextRule(TemplateColumn column) {
        this.column = column;
    }

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(column);
        if (value.length() > MAX_LENGTH) {
            return List.of(RowError.of(row.row(), column, value, ErrorCode.TOO_LONG, column.header() + " has "
                    + value.length() + " characters; at most " + MAX_LENGTH + " are allowed."));
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return List.of(RowError.of(row.row(), column, value, ErrorCode.CONTROL_CHARACTERS, column.header()
                    + " holds a control character (a line break or tab, for example); remove it."));
        }
        return List.of();
    }
}
