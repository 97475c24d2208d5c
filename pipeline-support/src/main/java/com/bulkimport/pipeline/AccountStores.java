package com.bulkimport.pipeline;

import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.UserCreated;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountChange;
import com.bulkimport.events.account.AccountNumber;

/**
 * A service's own stores of account state, as one task sees them: each account's record, and its
 * numbers and extensions one entry each (keyed {@code account|number} and {@code account|extension}).
 * Changes come from {@link AccountChange#apply}, the one way to apply an account event; users are
 * kept by each service as it needs them, from {@link AccountChange#user()}.
 *
 * <p>The extensions store also holds, per account and extension length, a cursor: the lowest
 * extension of that length not yet seen taken (key {@code account|NUL lowest-free|length}; no
 * extension has a NUL character). Extensions are only ever added, never released, so every
 * extension of that length below the cursor is taken and the cursor only moves up: finding the
 * lowest free extension reads the cursor and probes upward from it, and each extension is stepped
 * over once in the account's life instead of once per allocation.
 */
public final class AccountStores {

    /** The middle part of a cursor's key: a NUL first, so that it is no extension. */
    static final String LOWEST_FREE = "\u0000lowest-free";

    private final KeyValueStore<String, Account> accounts;
    private final KeyValueStore<String, AccountNumber> numbers;
    private final KeyValueStore<String, String> extensions;

    public AccountStores(KeyValueStore<String, Account> accounts, KeyValueStore<String, AccountNumber> numbers,
            KeyValueStore<String, String> extensions) {
        this.accounts = accounts;
        this.numbers = numbers;
        this.extensions = extensions;
    }

    /** The names of a service's three account stores; {@link PipelineTopology#accountStores} adds them. */
    public record Names(String accounts, String numbers, String extensions) {
    }

    /** The stores of these names, from a processor's context. */
    public static AccountStores of(ProcessorContext<?, ?> context, Names names) {
        return new AccountStores(context.getStateStore(names.accounts()), context.getStateStore(names.numbers()),
                context.getStateStore(names.extensions()));
    }

    /** The account's record; an unknown account's when the platform has told nothing about it. */
    public Account account(String accountId) {
        Account account = accounts.get(accountId);
        return account == null ? Account.unknown(accountId) : account;
    }

    /** A number (E.164) of the account's inventory. */
    public Optional<AccountNumber> number(String accountId, String e164) {
        return Optional.ofNullable(numbers.get(StoreKey.of(accountId, e164)));
    }

    /** Who uses an extension of the account: a user's email, or what it is reserved for. */
    public Optional<String> extensionUsedBy(String accountId, String extension) {
        return Optional.ofNullable(extensions.get(StoreKey.of(accountId, extension)));
    }

    /**
     * The lowest extension of {@code minLength} to {@code maxLength} digits that no user uses and
     * none is reserved, from the per-length cursors (kept up to date here, in the same store and
     * so in the same transaction as the extensions themselves). The answer is the one probing
     * upward from the lowest extension of {@code minLength} digits would give.
     */
    public Optional<String> lowestFreeExtension(String accountId, int minLength, int maxLength) {
        for (int length = minLength; length <= maxLength; length++) {
            long last = (long) Math.pow(10, length) - 1;
            String cursorKey = StoreKey.of(accountId, LOWEST_FREE, Integer.toString(length));
            String stored = extensions.get(cursorKey);
            long candidate = stored == null ? (long) Math.pow(10, length - 1) : Long.parseLong(stored);
            long from = candidate;
            while (candidate <= last && extensions.get(StoreKey.of(accountId, Long.toString(candidate))) != null) {
                candidate++;
            }
            if (stored == null || candidate != from) {
                extensions.put(cursorKey, Long.toString(candidate));
            }
            if (candidate <= last) {
                return Optional.of(Long.toString(candidate));
            }
        }
        return Optional.empty();
    }

    /** Applies one of the platform's account events to the account; returns what changed. */
    public AccountChange apply(String accountId, AccountEvent event) {
        return write(accountId, AccountChange.apply(account(accountId), event, n -> number(accountId, n)));
    }

    /** Applies a user this pipeline created to the account; returns what changed. */
    public AccountChange apply(String accountId, UserCreated user) {
        return write(accountId, AccountChange.apply(account(accountId), user, n -> number(accountId, n)));
    }

    private AccountChange write(String accountId, AccountChange change) {
        if (change.accountChanged()) {
            accounts.put(accountId, change.account());
        }
        change.numbers().forEach(n -> numbers.put(StoreKey.of(accountId, n.number()), n));
        change.releasedNumbers().forEach(n -> numbers.delete(StoreKey.of(accountId, n)));
        change.extensions().forEach((extension, usedBy) -> extensions.put(StoreKey.of(accountId, extension), usedBy));
        return change;
    }
}
