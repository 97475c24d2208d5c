package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.VOICEMAIL_OPERATOR;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Voicemail Operator Number: an extension (digits within the account's extension length) or a phone number. */
final class VoicemailOperatorRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(VOICEMAIL_OPERATOR);
        if (value.isEmpty()) {
            return List.of();
        }
        if (PhoneNumbers.looksScientific(value)) {
            return List.of(PhoneNumbers.scientific(row.row(), VOICEMAIL_OPERATOR, value));
        }
        int min = row.account().extensionMinLength();
        int max = row.account().extensionMaxLength();
        if (Digits.only(value, min, max)) {
            return List.of();
        }
        if (PhoneNumbers.read(row.row(), VOICEMAIL_OPERATOR, value).ok()) {
            return List.of();
        }
        return List.of(RowError.of(row.row(), VOICEMAIL_OPERATOR, value, ErrorCode.VOICEMAIL_OPERATOR_INVALID,
                "'" + value + "' is neither an extension (" + min + " to " + max + " digits) nor a phone number "
                        + "with its country code."));
    }
}
