package com.bulkimport.events.account;

import java.util.List;

/**
 * A user the account has: created by this pipeline or outside it. The extension is {@code null}
 * and the numbers (E.164) empty when the user has none.
 */
public record AccountUser(String email, String licenceType, String extension, List<String> numbers) {
}
