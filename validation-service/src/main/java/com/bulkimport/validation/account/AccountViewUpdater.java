package com.bulkimport.validation.account;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.UserCreated;
import com.bulkimport.events.account.AccountChange;
import com.bulkimport.pipeline.AccountStores;

/**
 * Keeps validation's view of each account from the platform's account events and from the users
 * provisioning created, applied with the contract's {@link AccountChange}. Of the users it keeps
 * only their emails. The view may lag provisioning; provisioning checks again when it writes.
 */
public class AccountViewUpdater implements Processor<String, Object, Void, Void> {

    /** The account's record, its numbers and its extensions ({@link AccountStores}). */
    public static final AccountStores.Names ACCOUNT_STORES = new AccountStores.Names("validation-accounts",
            "validation-account-numbers", "validation-account-extensions");
    /** The account's users' emails, keyed {@code account|email}. */
    public static final String USERS_STORE = "validation-account-users";

    private AccountStores account;
    private KeyValueStore<String, String> users;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        account = AccountStores.of(context, ACCOUNT_STORES);
        users = context.getStateStore(USERS_STORE);
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
            users.put(StoreKey.user(id, change.user().email()), change.user().email());
        }
    }
}
