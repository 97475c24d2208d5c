package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.LICENCE_TYPE;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.account.Account;

/**
 * Subscription License Type: required when the account has more than one licence type, and then
 * one of them (ignoring case); empty means the only type of a one-type account. An unknown type
 * comes with the nearest existing one as a suggestion.
 */
final class LicenceTypeRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String given = row.value(LICENCE_TYPE);
        Account account = row.account();
        if (given.isEmpty()) {
            if (account.licences().size() == 1) {
                return List.of();
            }
            return List.of(RowError.of(row.row(), LICENCE_TYPE, given, ErrorCode.LICENCE_TYPE_REQUIRED,
                    "Subscription License Type is required: this account has " + account.licences().size()
                            + " licence types (" + String.join(", ", account.licences().keySet()) + ")."));
        }
        if (account.licence(given).isPresent()) {
            return List.of();
        }
        RowError error = RowError.of(row.row(), LICENCE_TYPE, given, ErrorCode.LICENCE_TYPE_UNKNOWN,
                "'" + given + "' is not a licence type of this account; it has "
                        + (account.licences().isEmpty() ? "none" : String.join(", ", account.licences().keySet())) + ".");
        return List.of(Suggestions.suggest(error, given, account.licences().keySet()));
    }

    /** The licence type for a valid row: the account's own spelling. */
    static String resolve(RowContext row) {
        String given = row.value(LICENCE_TYPE);
        if (given.isEmpty() && row.account().licences().size() == 1) {
            return row.account().licences().keySet().iterator().next();
        }
        return row.account().licence(given).map(Account.Licence::licenceType).orElse(given);
    }
}
