package com.bulkimport.validation.gate;

/**
 * An import whose gate is decided and whose gathered rows are still being sent on (when released)
 * and cleared, a bounded step at a time ({@link ImportGatherer#RELEASES_STORE}), so that no
 * transaction grows with the import: first the rows that name their extension are sent on, then
 * the others, then every row is deleted, then the values claimed in the file are deleted.
 * {@code after} is the last key the current pass has done (null: from its start);
 * {@code otherRows} how many rows to send on the first pass found not naming their extension
 * (null when not counted: a release stored before the count existed), so that the second pass is
 * skipped when it has nothing to send.
 */
public record Release(String importId, boolean provision, Pass pass, String after, Integer otherRows) {

    /**
     * The passes over the import's stores, in order. A release stored before {@link #ALL_ROWS}
     * existed, in {@link #OTHER_ROWS} (which then deleted the rows it passed), goes on correctly:
     * the rows it had passed are gone, the rest are sent on and then deleted.
     */
    public enum Pass {
        /** Rows naming their extension, sent on. */
        ROWS_NAMING_THEIR_EXTENSION,
        /** The other rows, sent on (they take the lowest free extension at provisioning). */
        OTHER_ROWS,
        /** Every row, deleted. */
        ALL_ROWS,
        /** The values the file claimed, deleted. */
        CLAIMED_VALUES;

        /** Whether the pass deletes what it goes over (the others only send rows on). */
        boolean deletes() {
            return this == ALL_ROWS || this == CLAIMED_VALUES;
        }
    }

    static Release of(String importId, boolean provision) {
        return new Release(importId, provision, provision ? Pass.ROWS_NAMING_THEIR_EXTENSION : Pass.ALL_ROWS, null, 0);
    }

    /** Where the pass stopped, with {@code more} rows counted for the second pass. */
    Release at(String key, int more) {
        return new Release(importId, provision, pass, key, counted(more));
    }

    /** The pass after this one: the second pass skipped when the first counted no row for it. */
    Release next(int more) {
        Integer counted = counted(more);
        Pass following = Pass.values()[pass.ordinal() + 1];
        if (pass == Pass.ROWS_NAMING_THEIR_EXTENSION && counted != null && counted == 0) {
            following = Pass.ALL_ROWS;
        }
        return new Release(importId, provision, following, null, counted);
    }

    /** The rows counted for the second pass, with {@code more}; null when this release does not count them. */
    private Integer counted(int more) {
        return otherRows == null ? null : otherRows + more;
    }
}
