package com.bulkimport.pipeline;

import java.util.function.Function;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.UserCreated;
import com.bulkimport.events.account.AccountChange;
import com.bulkimport.events.account.AccountUser;

/**
 * Keeps a service's own stores of account state from the platform's account events (and, where the
 * service reads them, the {@code user created} events), applied with the contract's
 * {@link AccountChange}: the account's record, numbers and extensions in its {@link AccountStores},
 * and of each user what the service needs, keyed {@code account|email}. Each service names its
 * stores and what it keeps of a user in a subclass.
 *
 * @param <U> what the service keeps of each user
 */
public abstract class AccountUpdater<U> implements Processor<String, Object, Void, Void> {

    private final AccountStores.Names accountStores;
    private final String usersStore;
    private final Function<AccountUser, U> kept;
    private AccountStores account;
    private KeyValueStore<String, U> users;

    protected AccountUpdater(AccountStores.Names accountStores, String usersStore, Function<AccountUser, U> kept) {
        this.accountStores = accountStores;
        this.usersStore = usersStore;
        this.kept = kept;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        account = AccountStores.of(context, accountStores);
        users = context.getStateStore(usersStore);
    }

    @Override
    public void process(Record<String, Object> record) {
        String id = record.key();
        AccountChange change;
        if (record.value() instanceof AccountEvent event) {
            change = account.apply(id, event);
        } else if (record.value() instanceof UserCreated user) {
            change = account.apply(id, user);
        } else {
            return;
        }
        if (change.user() != null) {
            users.put(StoreKey.user(id, change.user().email()), kept.apply(change.user()));
        }
    }
}
