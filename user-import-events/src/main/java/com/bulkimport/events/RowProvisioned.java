package com.bulkimport.events;

import java.util.List;

/** provisioning's outcome for one row: created (with what the user got), not created (why), or skipped. */
public record RowProvisioned(String importId, String accountId, int row, int rowCount, Outcome outcome,
        String userId, String email, String displayName, String licenceType, String extension,
        List<String> numbers, String location, List<RowError> reasons) {

    public enum Outcome {
        CREATED, NOT_CREATED, SKIPPED
    }
}
