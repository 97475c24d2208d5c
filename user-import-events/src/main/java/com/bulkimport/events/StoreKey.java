package com.bulkimport.events;

/**
 * Composite keys for state stores: parts joined by {@code |}, row numbers zero-padded so that a
 * range scan over a prefix returns rows in order.
 */
public final class StoreKey {

    private StoreKey() {
    }

    public static String of(String... parts) {
        return String.join("|", parts);
    }

    /** The key of an account's user: emails name the same user whatever their letter case. */
    public static String user(String accountId, String email) {
        return of(accountId, email.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** A row number as 7 digits or more (ASCII, whatever the default locale), zero-padded. */
    public static String row(int row) {
        String digits = Integer.toString(row);
        return digits.length() >= ROW_DIGITS.length() ? digits : ROW_DIGITS.substring(digits.length()) + digits;
    }

    private static final String ROW_DIGITS = "0000000";

    /** The first key after every key that starts with {@code prefix + "|"}. */
    public static String prefixEnd(String prefix) {
        return prefix + "|\uffff";
    }
}
