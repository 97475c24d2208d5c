package com.bulkimport.validation.gate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.account.Account;
import com.bulkimport.validation.rules.RowContext;
import com.bulkimport.validation.rules.UniqueInFile;

/**
 * What every view of one row gives the rules the same way: the row, its import's options, the
 * account, and what the rules normalised (read back as the {@link NewUser} provisioning needs).
 * Subclasses say where the account's state and the file's earlier values come from: the task's
 * stores ({@link StoreRowContext}) or the warm-up's memory ({@link ImportWarmUp}).
 */
abstract class RowContextBase implements RowContext {

    protected final RowSubmitted row;
    private final ImportOptions options;
    private final Account account;
    private final Map<TemplateColumn, String> normalised = new EnumMap<>(TemplateColumn.class);
    private final Map<TemplateColumn, List<String>> normalisedLists = new EnumMap<>(TemplateColumn.class);
    private final List<String> claimed = new ArrayList<>();

    RowContextBase(RowSubmitted row, ImportOptions options, Account account) {
        this.row = row;
        this.options = options;
        this.account = account;
    }

    @Override
    public final int row() {
        return row.row();
    }

    @Override
    public final Map<String, String> values() {
        return row.values();
    }

    @Override
    public final ImportOptions options() {
        return options;
    }

    @Override
    public final Account account() {
        return account;
    }

    @Override
    public final void normalise(TemplateColumn column, String value) {
        normalised.put(column, value);
    }

    @Override
    public final void normalise(TemplateColumn column, List<String> values) {
        normalisedLists.put(column, List.copyOf(values));
    }

    @Override
    public final Optional<Integer> claimUnique(UniqueInFile kind, String value) {
        String key = StoreKey.of(row.importId(), kind.key(), value);
        String first = claimIfFirst(key, Integer.toString(row.row()));
        if (first != null) {
            return Optional.of(Integer.parseInt(first));
        }
        claimed.add(key);
        return Optional.empty();
    }

    /**
     * Records {@code row} as the first to claim the value of {@code key} (import, kind, value)
     * unless a row did before; answers that row, or null when this one is the first.
     */
    protected abstract String claimIfFirst(String key, String row);

    /** The keys of the values this row was the first to claim ({@link GatheredRow#claimed}). */
    final List<String> claimed() {
        return claimed;
    }

    /** The user a valid row asks for, as provisioning needs it: see {@link NewUserReader}. */
    final NewUser newUser() {
        return NewUserReader.read(this, normalised, normalisedLists);
    }
}
