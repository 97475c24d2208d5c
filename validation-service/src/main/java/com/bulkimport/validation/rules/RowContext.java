package com.bulkimport.validation.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;

/** What a rule may look at: the row, the import's options, the account view, and the file so far. */
public interface RowContext {

    int row();

    Map<String, String> values();

    ImportOptions options();

    Account account();

    boolean isExistingUser(String email);

    /** A number (E.164) of the account's inventory, as validation last saw it. */
    Optional<AccountNumber> knownNumber(String e164);

    /** Who uses an extension of the account (a user's email, or what it is reserved for). */
    Optional<String> extensionUsedBy(String extension);

    /**
     * Records the value provisioning should use for a column: a number in E.164, a location in the
     * account's spelling. Exports keep the value as the administrator wrote it.
     */
    void normalise(TemplateColumn column, String value);

    /** Records the values provisioning should use for a column that holds a list: numbers in E.164. */
    void normalise(TemplateColumn column, List<String> values);

    /**
     * Claims a value that must be unique in the file, compared as given in {@code normalised}.
     * Returns the row that claimed it first, if another row did.
     */
    Optional<Integer> claimUnique(UniqueInFile kind, String normalised);

    /** The trimmed value of a column, or empty when the cell is empty or the column absent. */
    default String value(TemplateColumn column) {
        String v = values().get(column.header());
        return v == null ? "" : v.strip();
    }
}
