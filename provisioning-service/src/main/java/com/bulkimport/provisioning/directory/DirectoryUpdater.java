package com.bulkimport.provisioning.directory;

import com.bulkimport.events.account.AccountChange;
import com.bulkimport.pipeline.AccountStores;
import com.bulkimport.pipeline.AccountUpdater;

/**
 * Applies the platform's account events to the directory, with the contract's {@link AccountChange};
 * a user registered outside the pipeline is kept as a {@link DirectoryUser}.
 */
public class DirectoryUpdater extends AccountUpdater<DirectoryUser> {

    /** The account's record, its numbers and its extensions ({@link AccountStores}). */
    public static final AccountStores.Names ACCOUNT_STORES = new AccountStores.Names("directory-accounts",
            "directory-numbers", "directory-extensions");
    /** The account's users, keyed {@code account|email}. */
    public static final String USERS_STORE = "directory-users";

    public DirectoryUpdater() {
        super(ACCOUNT_STORES, USERS_STORE, DirectoryUser::registered);
    }
}
