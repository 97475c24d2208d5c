package com.bulkimport.events;

import java.util.List;

/**
 * validation's decision on a whole import, taken once: when its last row has been checked, or,
 * for an import refused because another import of its account is still running, when its request
 * arrives ({@link Outcome#REJECTED_IMPORT_RUNNING}, naming that import in {@code runningImportId}).
 * {@code runningImportId} was added within {@code import-gates.v1}: null on every other outcome
 * and in the records written before it.
 */
public record ImportGateDecided(@Required String importId, @Required String accountId,
        @Required Outcome outcome, List<LicenceShortfall> licenceShortfall, String runningImportId)
        implements AccountKeyed {

    /** A decision on the import's rows: no other import is named. */
    public ImportGateDecided(String importId, String accountId, Outcome outcome, List<LicenceShortfall> licenceShortfall) {
        this(importId, accountId, outcome, licenceShortfall, null);
    }

    /** An import refused because another import of the account is still running. */
    public static ImportGateDecided rejectedImportRunning(String importId, String accountId, String runningImportId) {
        return new ImportGateDecided(importId, accountId, Outcome.REJECTED_IMPORT_RUNNING, List.of(), runningImportId);
    }

    public enum Outcome {
        /** At least one row failed: nothing is created. */
        VALIDATION_FAILED,
        /** Rows need more licences of a type than the account has free: nothing is created. */
        NOT_ENOUGH_LICENSES,
        /** A validate-only import passed: nothing is created. */
        VALIDATED,
        /** Every row passed and licences suffice: the rows go to provisioning. */
        RELEASED,
        /**
         * Another import of the account ({@code runningImportId}) was still validating or being
         * provisioned when this one's request arrived (SPEC: one import per account at a time):
         * none of its rows is validated, nothing is created. Decided when the request arrives, so
         * no row result of it ever follows. Added after the first four: a reader older than it
         * refuses the record (an unknown value), so its readers are deployed before validation.
         */
        REJECTED_IMPORT_RUNNING
    }

    /** Licences of one type that the import needs, and how many the account has free. */
    public record LicenceShortfall(String licenceType, int needed, int free) {
    }
}
