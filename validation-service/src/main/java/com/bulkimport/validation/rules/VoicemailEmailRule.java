package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.VOICEMAIL_EMAIL;

import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.EmailAddresses;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Email for Voicemail Notification: one or more valid addresses separated by {@code ;}. */
final class VoicemailEmailRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(VOICEMAIL_EMAIL);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> bad = new ArrayList<>();
        for (String part : value.split(";")) {
            if (part.isBlank() || !EmailAddresses.isValid(part.strip())) {
                bad.add(part.strip());
            }
        }
        if (bad.isEmpty()) {
            return List.of();
        }
        return List.of(RowError.of(row.row(), VOICEMAIL_EMAIL, value, ErrorCode.EMAIL_INVALID,
                "Not a valid email address: " + String.join(", ", bad.stream().map(b -> "'" + b + "'").toList())
                        + ". Separate several addresses with ;"));
    }
}
