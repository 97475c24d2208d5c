package com.bulkimport.provisioning.users;

import java.util.Optional;
import java.util.function.Predicate;

import com.bulkimport.events.account.Account;

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

    static Optional<String> lowestFree(Account account, Predicate<String> inUse) {
        long first = (long) Math.pow(10, account.extensionMinLength() - 1);
        long last = (long) Math.pow(10, account.extensionMaxLength()) - 1;
        for (long candidate = first; candidate <= last; candidate++) {
            String extension = Long.toString(candidate);
            if (!inUse.test(extension)) {
                return Optional.of(extension);
            }
        }
        return Optional.empty();
    }
}
