package com.bulkimport.provisioning.users;

import java.util.Optional;

import com.bulkimport.events.account.Account;
import com.bulkimport.pipeline.AccountStores;

/**
 * Gives a user who names no extension the lowest free one in the account's extension length range
 * (3 to 6 digits by default: 100 to 999999), skipping those used by users or reserved.
 */
final class ExtensionAllocator {

    private ExtensionAllocator() {
    }

    /** Whether a named extension is digits within the account's extension length, as it is now. */
    static boolean withinLength(Account account, String extension) {
        return extension.matches("\\d+") && extension.length() >= account.extensionMinLength()
                && extension.length() <= account.extensionMaxLength();
    }

    /**
     * The lowest free extension in the account's range, from the directory's per-length cursors
     * ({@link AccountStores#lowestFreeExtension}): a few store reads, however many are taken.
     */
    static Optional<String> lowestFree(String accountId, Account account, AccountStores directory) {
        return directory.lowestFreeExtension(accountId, account.extensionMinLength(),
                account.extensionMaxLength());
    }
}
