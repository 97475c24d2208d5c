package com.bulkimport.events;

import java.util.List;

/**
 * provisioning's outcome for one row: created (with what the user got, and notes such as "created
 * without numbers"), not created (the reasons), or skipped (the user existed and the import skips them).
 */
public record RowProvisioned(@Required String importId, @Required String accountId, @Required int row,
        @Required Outcome outcome, String userId, String email, String displayName, String licenceType, String extension,
        List<String> numbers, String location, List<RowError> reasons, List<String> notes)
        implements AccountKeyed {

    public enum Outcome {
        CREATED, NOT_CREATED, SKIPPED
    }
}
