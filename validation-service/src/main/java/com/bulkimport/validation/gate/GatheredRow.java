package com.bulkimport.validation.gate;

import java.util.List;

import com.bulkimport.events.NewUser;

/**
 * A row kept until its import's gate: the user it asks for, as read and normalised (null for a
 * failed row, and for every row of a validate-only import, which is never released), its resolved
 * licence type, and the values it was the first in its file to claim
 * ({@link ImportGatherer#UNIQUE_VALUES_STORE}'s keys), from which that store is made again when
 * the task starts.
 */
public record GatheredRow(int row, NewUser user, String licenceType, List<String> claimed) {

    public GatheredRow {
        claimed = claimed == null ? List.of() : List.copyOf(claimed);
    }

    /** Whether the row names its extension; the others take the lowest free one at provisioning. */
    boolean namesExtension() {
        return user != null && user.extension() != null;
    }
}
