package com.bulkimport.validation.gate;

import com.bulkimport.events.NewUser;

/**
 * A row kept until its import's gate: the user it asks for, as read and normalised (null for a
 * failed row), and its resolved licence type.
 */
public record GatheredRow(int row, NewUser user, String licenceType) {

    /** Whether the row names its extension; the others take the lowest free one at provisioning. */
    boolean namesExtension() {
        return user != null && user.extension() != null;
    }
}
