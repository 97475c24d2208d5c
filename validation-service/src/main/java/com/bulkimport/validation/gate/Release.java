package com.bulkimport.validation.gate;

/**
 * An import whose gate is decided and whose gathered rows are still being sent on (when released)
 * and cleared, a bounded step at a time ({@link ImportGatherer#RELEASES_STORE}), so that no
 * transaction grows with the import: first the rows that name their extension are sent on, then
 * the others are sent on while every row is deleted, then the values claimed in the file are
 * deleted. {@code after} is the last key the current pass has done (null: from its start).
 */
public record Release(String importId, boolean provision, Pass pass, String after) {

    /** The passes over the import's stores, in order. */
    public enum Pass { ROWS_NAMING_THEIR_EXTENSION, OTHER_ROWS, CLAIMED_VALUES }

    static Release of(String importId, boolean provision) {
        return new Release(importId, provision, provision ? Pass.ROWS_NAMING_THEIR_EXTENSION : Pass.OTHER_ROWS, null);
    }

    Release at(String key) {
        return new Release(importId, provision, pass, key);
    }

    Release next(Pass nextPass) {
        return new Release(importId, provision, nextPass, null);
    }
}
