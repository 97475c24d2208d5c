package com.bulkimport.validation.gate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.pipeline.AccountStores;
import com.bulkimport.validation.rules.RowContext;
import com.bulkimport.validation.rules.UniqueInFile;

/**
 * The rules' view of one row, backed by the task's stores: the row, its import's options, the
 * account, what the rules normalised (read back as the {@link NewUser} provisioning needs), and the
 * values the file's earlier rows claimed.
 */
final class StoreRowContext implements RowContext {

    private final RowSubmitted row;
    private final ImportOptions options;
    private final Account account;
    private final Map<TemplateColumn, String> normalised = new EnumMap<>(TemplateColumn.class);
    private final Map<TemplateColumn, List<String>> normalisedLists = new EnumMap<>(TemplateColumn.class);
    private final List<String> claimed = new ArrayList<>();
    private final AccountStores accounts;
    private final KeyValueStore<String, String> users;
    private final KeyValueStore<String, String> uniqueValues;
    private Map<String, Optional<AccountNumber>> knownNumbers;

    StoreRowContext(RowSubmitted row, ImportOptions options, Account account, AccountStores accounts,
            KeyValueStore<String, String> users, KeyValueStore<String, String> uniqueValues) {
        this.row = row;
        this.options = options;
        this.account = account;
        this.accounts = accounts;
        this.users = users;
        this.uniqueValues = uniqueValues;
    }

    @Override
    public int row() {
        return row.row();
    }

    @Override
    public Map<String, String> values() {
        return row.values();
    }

    @Override
    public ImportOptions options() {
        return options;
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public void normalise(TemplateColumn column, String value) {
        normalised.put(column, value);
    }

    @Override
    public void normalise(TemplateColumn column, List<String> values) {
        normalisedLists.put(column, List.copyOf(values));
    }

    @Override
    public Optional<Integer> claimUnique(UniqueInFile kind, String value) {
        String key = StoreKey.of(row.importId(), kind.key(), value);
        String first = uniqueValues.putIfAbsent(key, Integer.toString(row.row()));
        if (first != null) {
            return Optional.of(Integer.parseInt(first));
        }
        claimed.add(key);
        return Optional.empty();
    }

    /** The keys of the values this row was the first to claim ({@link GatheredRow#claimed}). */
    List<String> claimed() {
        return claimed;
    }

    /** The user a valid row asks for, as provisioning needs it: see {@link NewUserReader}. */
    NewUser newUser() {
        return NewUserReader.read(this, normalised, normalisedLists);
    }

    @Override
    public boolean isExistingUser(String email) {
        return !email.isBlank() && users.get(StoreKey.user(row.accountId(), email)) != null;
    }

    @Override
    public Optional<AccountNumber> knownNumber(String e164) {
        // asked by more than one rule for the same number (primary number, caller ID): one read
        if (knownNumbers == null) {
            knownNumbers = new HashMap<>(4);
        }
        return knownNumbers.computeIfAbsent(e164, n -> accounts.number(row.accountId(), n));
    }

    @Override
    public Optional<String> extensionUsedBy(String extension) {
        return accounts.extensionUsedBy(row.accountId(), extension);
    }
}
