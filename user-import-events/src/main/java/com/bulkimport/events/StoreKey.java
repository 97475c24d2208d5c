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

    public static String row(int row) {
        return String.format("%07d", row);
    }

    /** The first key after every key that starts with {@code prefix + "|"}. */
    public static String prefixEnd(String prefix) {
        return prefix + "|\uffff";
    }
}
