package com.bulkimport.events;

/**
 * The command to create one user from one validated row. {@code licenceType} is the account's own
 * spelling of the row's licence, resolved by validation; {@code user} is the row as validation read
 * and normalised it. {@code silentMode} is the account's silent mode when the import started (a
 * change during an import applies to the imports after it); null from producers that do not know
 * it, and then provisioning uses the account's current setting.
 */
public record ProvisionUser(@Required String importId, @Required String accountId, @Required int row,
        String licenceType, @Required NewUser user, @Required ImportOptions options, Boolean silentMode)
        implements AccountKeyed {

    public ProvisionUser(String importId, String accountId, int row, String licenceType,
            NewUser user, ImportOptions options) {
        this(importId, accountId, row, licenceType, user, options, null);
    }
}
