package com.bulkimport.validation.rules;

import java.util.Map;
import java.util.Optional;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.validation.account.AccountView;

/** What a rule may look at: the row, the import's options, the account view, and the file so far. */
public interface RowContext {

    int row();

    Map<String, String> values();

    ImportOptions options();

    AccountView account();

    boolean isExistingUser(String email);

    /**
     * Claims a value that must be unique in the file (email, number, extension, PIN), compared as
     * given in {@code normalised}. Returns the row that claimed it first, if another row did.
     */
    Optional<Integer> claimUnique(String kind, String normalised);

    /** The trimmed value of a column, or empty when the cell is empty or the column absent. */
    default String value(TemplateColumn column) {
        String v = values().get(column.header());
        return v == null ? "" : v.strip();
    }
}
