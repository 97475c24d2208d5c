package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.DISPLAY_NAME;

import java.util.List;
import java.util.regex.Pattern;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/**
 * Display Name: required; at most 64 characters; letters of any script, digits, spaces and
 * {@code . , ' - _ &} and parentheses only; parentheses balanced.
 */
final class DisplayNameRule implements RowRule {

    static final int MAX_LENGTH = 64;
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\p{L}\\p{M}\\p{Nd} .,'\\-_&()]");

    @Override
    public List<RowError> check(RowContext row) {
        String name = row.value(DISPLAY_NAME);
        if (name.isEmpty()) {
            return List.of(RowError.of(row.row(), DISPLAY_NAME, name, ErrorCode.REQUIRED, "Display Name is required."));
        }
        if (name.length() > MAX_LENGTH) {
            return List.of(RowError.of(row.row(), DISPLAY_NAME, name, ErrorCode.TOO_LONG,
                    "Display Name has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed."));
        }
        var bad = NOT_ALLOWED.matcher(name);
        if (bad.find()) {
            return List.of(RowError.of(row.row(), DISPLAY_NAME, name, ErrorCode.DISPLAY_NAME_CHARACTERS,
                    "Display Name may not contain '" + bad.group() + "': use letters, digits, spaces and . , ' - _ & ( ) only."));
        }
        int depth = 0;
        for (char c : name.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                break;
            }
        }
        if (depth != 0) {
            return List.of(RowError.of(row.row(), DISPLAY_NAME, name, ErrorCode.DISPLAY_NAME_PARENTHESES,
                    "Display Name has unbalanced parentheses."));
        }
        return List.of();
    }
}
