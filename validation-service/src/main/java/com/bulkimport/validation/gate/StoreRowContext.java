package com.bulkimport.validation.gate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.pipeline.AccountStores;

/** The rules' view of one row, backed by the task's stores. */
final class StoreRowContext extends RowContextBase {

    private final AccountStores accounts;
    private final KeyValueStore<String, String> users;
    private final KeyValueStore<String, String> uniqueValues;
    private Map<String, Optional<AccountNumber>> knownNumbers;

    StoreRowContext(RowSubmitted row, ImportOptions options, Account account, AccountStores accounts,
            KeyValueStore<String, String> users, KeyValueStore<String, String> uniqueValues) {
        super(row, options, account);
        this.accounts = accounts;
        this.users = users;
        this.uniqueValues = uniqueValues;
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

    @Override
    protected String claimIfFirst(String key, String row) {
        return uniqueValues.putIfAbsent(key, row);
    }
}
