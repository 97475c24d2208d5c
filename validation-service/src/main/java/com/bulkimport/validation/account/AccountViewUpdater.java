package com.bulkimport.validation.account;

import com.bulkimport.events.account.AccountChange;
import com.bulkimport.events.account.AccountUser;
import com.bulkimport.pipeline.AccountStores;
import com.bulkimport.pipeline.AccountUpdater;

/**
 * Keeps validation's view of each account from the platform's account events and from the users
 * provisioning created, applied with the contract's {@link AccountChange}. Of the users it keeps
 * only their emails. The view may lag provisioning; provisioning checks again when it writes.
 */
public class AccountViewUpdater extends AccountUpdater<String> {

    /** The account's record, its numbers and its extensions ({@link AccountStores}). */
    public static final AccountStores.Names ACCOUNT_STORES = new AccountStores.Names("validation-accounts",
            "validation-account-numbers", "validation-account-extensions");
    /** The account's users' emails, keyed {@code account|email}. */
    public static final String USERS_STORE = "validation-account-users";

    public AccountViewUpdater() {
        super(ACCOUNT_STORES, USERS_STORE, AccountUser::email);
    }
}
