package com.bulkimport.validation.rules;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;

/** A whole number within a range (Call Timeout in seconds, Auto Delete Voicemail Period in days). */
final class WholeNumberRule implements RowRule {

    private final TemplateColumn column;
    private final int min;
    private final int max;
    private final String unit;
    private final ErrorCode code;

    WholeNumberRule(TemplateColumn column, int min, int max, String unit, ErrorCode code) {
        this.column = column;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.code = code;
    }

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(column);
        if (value.isEmpty()) {
            return List.of();
        }
        if (Digits.only(value, 1, 9)) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return List.of();
            }
        }
        return List.of(RowError.of(row.row(), column, value, code, column.header() + " must be a whole number of "
                + unit + " from " + min + " to " + max + "; '" + value + "' is not."));
    }
}
