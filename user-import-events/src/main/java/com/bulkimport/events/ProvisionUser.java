package com.bulkimport.events;

import java.util.Map;

/**
 * The command to create one user from one validated row. {@code licenceType} is the account's own
 * spelling of the row's licence, resolved by validation.
 */
public record ProvisionUser(String importId, String accountId, int row, int rowCount, String licenceType,
        Map<String, String> values, ImportOptions options) {
}
