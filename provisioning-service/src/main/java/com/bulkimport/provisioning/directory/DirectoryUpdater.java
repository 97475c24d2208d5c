package com.bulkimport.provisioning.directory;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.account.AccountChange;
import com.bulkimport.events.account.AccountUser;
import com.bulkimport.pipeline.AccountStores;

/**
 * Applies the platform's account events to the directory, with the contract's {@link AccountChange};
 * a user registered outside the pipeline is kept as a {@link DirectoryUser}.
 */
public class DirectoryUpdater implements Processor<String, AccountEvent, Void, Void> {

    /** The account's record, its numbers and its extensions ({@link AccountStores}). */
    public static final AccountStores.Names ACCOUNT_STORES = new AccountStores.Names("directory-accounts",
            "directory-numbers", "directory-extensions");
    /** The account's users, keyed {@code account|email}. */
    public static final String USERS_STORE = "directory-users";

    private AccountStores directory;
    private KeyValueStore<String, DirectoryUser> users;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        directory = AccountStores.of(context, ACCOUNT_STORES);
        users = context.getStateStore(USERS_STORE);
    }

    @Override
    public void process(Record<String, AccountEvent> record) {
        String id = record.key();
        AccountUser user = directory.apply(id, record.value()).user();
        if (user != null) {
            users.put(StoreKey.user(id, user.email()), DirectoryUser.registered(user));
        }
    }
}
