package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.CALLER_ID;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/**
 * Caller ID: a phone number only. One that is not the account's own needs the administrator's
 * attestation, given with the upload, that using it complies with local law.
 */
final class CallerIdRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(CALLER_ID);
        if (value.isEmpty()) {
            return List.of();
        }
        PhoneNumbers.Reading reading = PhoneNumbers.read(row.row(), CALLER_ID, value);
        if (!reading.ok()) {
            return List.of(reading.error());
        }
        if (row.knownNumber(reading.e164()).isEmpty() && !row.options().callerIdAttested()) {
            return List.of(RowError.of(row.row(), CALLER_ID, value, ErrorCode.CALLER_ID_NOT_ATTESTED,
                    "Caller ID " + reading.e164() + " is not one of this account's numbers. Upload again confirming "
                            + "that using it complies with local law (callerIdAttested), or use one of the account's numbers."));
        }
        return List.of();
    }
}
