package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.DISPLAY_NAME;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Display Name: required, at most 64 characters. */
final class DisplayNameRule implements RowRule {

    static final int MAX_LENGTH = 64;

    @Override
    public List<RowError> check(RowContext row) {
        String name = row.value(DISPLAY_NAME);
        if (name.isEmpty()) {
            return List.of(RowError.of(row.row(), DISPLAY_NAME, name, ErrorCode.REQUIRED,
                    "Display Name is required."));
        }
        if (name.length() > MAX_LENGTH) {
            return List.of(RowError.of(row.row(), DISPLAY_NAME, name, ErrorCode.TOO_LONG,
                    "Display Name has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed."));
        }
        return List.of();
    }
}
