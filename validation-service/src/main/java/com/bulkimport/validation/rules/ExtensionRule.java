package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.EXTENSION;

import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/**
 * Extension: digits within the account's extension length, not used by a user or reserved, unique
 * in the file. Empty: provisioning gives the lowest free one. Ignored when CONNECT is not enabled.
 */
final class ExtensionRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(EXTENSION);
        if (value.isEmpty() || !row.options().connect()) {
            return List.of();
        }
        int min = row.account().extensionMinLength();
        int max = row.account().extensionMaxLength();
        if (!Digits.only(value, min, max)) {
            return List.of(RowError.of(row.row(), EXTENSION, value, ErrorCode.EXTENSION_INVALID,
                    "Extension '" + value + "' must be " + min + " to " + max + " digits."));
        }
        List<RowError> errors = new ArrayList<>();
        row.extensionUsedBy(value).ifPresent(user -> errors.add(RowError.of(row.row(), EXTENSION, value,
                ErrorCode.EXTENSION_IN_USE, "Extension " + value + " is already used by " + user + ".")));
        row.claimUnique(UniqueInFile.EXTENSION, value).ifPresent(first -> errors.add(RowError.of(row.row(), EXTENSION, value,
                ErrorCode.EXTENSION_DUPLICATE_IN_FILE, "Extension " + value + " is already given in row " + first + " of this file.")));
        return errors;
    }
}
