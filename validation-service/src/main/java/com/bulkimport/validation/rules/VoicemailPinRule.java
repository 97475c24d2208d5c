package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.VOICEMAIL_PIN;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Voicemail PIN: 4 to 10 digits, unique within the file. */
final class VoicemailPinRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(VOICEMAIL_PIN);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!Digits.only(value, 4, 10)) {
            return List.of(RowError.of(row.row(), VOICEMAIL_PIN, value, ErrorCode.VOICEMAIL_PIN_INVALID,
                    "Voicemail PIN must be 4 to 10 digits."));
        }
        return row.claimUnique(UniqueInFile.VOICEMAIL_PIN, value)
                .map(first -> List.of(RowError.of(row.row(), VOICEMAIL_PIN, value, ErrorCode.VOICEMAIL_PIN_DUPLICATE_IN_FILE,
                        "This Voicemail PIN is already used in row " + first + " of this file; give each user their own.")))
                .orElse(List.of());
    }
}
