package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.ADDITIONAL_NUMBERS;
import static com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.account.AccountNumber;

/**
 * Primary and Additional Phone Numbers, the numbers the user is given: each a valid number in the
 * account's inventory and parked, assigned only once in the file; the primary not toll-free;
 * additional numbers only with a primary. Ignored when CONNECT is not enabled.
 */
final class AssignedNumbersRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        if (!row.options().connect()) {
            return List.of();
        }
        List<RowError> errors = new ArrayList<>();
        String primary = row.value(PRIMARY_NUMBER);
        String additional = row.value(ADDITIONAL_NUMBERS);
        if (!primary.isEmpty()) {
            check(row, PRIMARY_NUMBER, primary, false, errors).ifPresent(n -> row.normalise(PRIMARY_NUMBER, n));
        }
        if (!additional.isEmpty()) {
            if (primary.isEmpty()) {
                errors.add(RowError.of(row.row(), ADDITIONAL_NUMBERS, additional, ErrorCode.ADDITIONAL_WITHOUT_PRIMARY,
                        "Additional numbers need a Primary Phone Number in the same row."));
            }
            List<String> normalised = new ArrayList<>();
            for (String part : additional.split(";")) {
                if (!part.isBlank()) {
                    check(row, ADDITIONAL_NUMBERS, part.strip(), true, errors).ifPresent(normalised::add);
                }
            }
            row.normalise(ADDITIONAL_NUMBERS, normalised);
        }
        return errors;
    }

    private static Optional<String> check(RowContext row, TemplateColumn column, String value, boolean tollFreeAllowed,
            List<RowError> errors) {
        PhoneNumbers.Reading reading = PhoneNumbers.read(row.row(), column, value);
        if (!reading.ok()) {
            errors.add(reading.error());
            return Optional.empty();
        }
        String e164 = reading.e164();
        Optional<AccountNumber> known = row.knownNumber(e164);
        int before = errors.size();
        if (known.isEmpty()) {
            errors.add(RowError.of(row.row(), column, value, ErrorCode.NUMBER_NOT_IN_INVENTORY,
                    "Number " + e164 + " is not in this account's phone number inventory."));
        } else if (!known.get().parked()) {
            errors.add(RowError.of(row.row(), column, value, ErrorCode.NUMBER_NOT_PARKED,
                    "Number " + e164 + " is already assigned to " + known.get().assignedTo() + "."));
        }
        if (!tollFreeAllowed && (reading.tollFree() || known.map(AccountNumber::tollFree).orElse(false))) {
            errors.add(RowError.of(row.row(), column, value, ErrorCode.NUMBER_TOLL_FREE,
                    "Number " + e164 + " is toll-free; a toll-free number can only be an additional number."));
        }
        row.claimUnique(UniqueInFile.NUMBER, e164).ifPresent(first -> errors.add(RowError.of(row.row(), column, value,
                ErrorCode.NUMBER_DUPLICATE_IN_FILE, "Number " + e164 + " is already assigned in row " + first
                        + " of this file; a number can be given to one user only.")));
        return errors.size() == before ? Optional.of(e164) : Optional.empty();
    }
}
