package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.EMAIL;

import java.util.List;
import java.util.Locale;

import com.bulkimport.events.EmailAddresses;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/**
 * Email Address: required; a valid address ({@link EmailAddresses}: Jakarta Mail's strict parser, a bare address only);
 * unique in the file, ignoring case; not already a user of the account, unless the import skips
 * existing users (provisioning then reports the row as skipped).
 */
final class EmailRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String email = row.value(EMAIL);
        if (email.isEmpty()) {
            return List.of(RowError.of(row.row(), EMAIL, email, ErrorCode.REQUIRED, "Email Address is required."));
        }
        if (!EmailAddresses.isValid(email)) {
            return List.of(RowError.of(row.row(), EMAIL, email, ErrorCode.EMAIL_INVALID,
                    "'" + email + "' is not a valid email address (expected name@domain.example)."));
        }
        var first = row.claimUnique(UniqueInFile.EMAIL, email.toLowerCase(Locale.ROOT));
        if (first.isPresent()) {
            return List.of(RowError.of(row.row(), EMAIL, email, ErrorCode.EMAIL_DUPLICATE_IN_FILE,
                    "'" + email + "' is already used in row " + first.get() + " of this file."));
        }
        if (row.isExistingUser(email) && !row.options().skipExisting()) {
            return List.of(RowError.of(row.row(), EMAIL, email, ErrorCode.EMAIL_EXISTS,
                    "A user with email '" + email + "' already exists in this account. "
                            + "Remove the row, or upload with 'skip existing users'."));
        }
        return List.of();
    }
}
