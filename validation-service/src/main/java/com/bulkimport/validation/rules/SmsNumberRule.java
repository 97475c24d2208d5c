package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.SMS_ON_VOICEMAIL;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** SMS Notification on Voicemail: exactly one phone number. */
final class SmsNumberRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(SMS_ON_VOICEMAIL);
        if (value.isEmpty()) {
            return List.of();
        }
        if (PhoneNumbers.looksScientific(value)) {
            return List.of(PhoneNumbers.scientific(row.row(), SMS_ON_VOICEMAIL, value));
        }
        if (value.contains(";") || value.contains(",")) {
            return List.of(RowError.of(row.row(), SMS_ON_VOICEMAIL, value, ErrorCode.SMS_NUMBER_INVALID,
                    "SMS Notification on Voicemail takes exactly one phone number."));
        }
        PhoneNumbers.Reading reading = PhoneNumbers.read(row.row(), SMS_ON_VOICEMAIL, value);
        return reading.ok() ? List.of() : List.of(reading.error());
    }
}
