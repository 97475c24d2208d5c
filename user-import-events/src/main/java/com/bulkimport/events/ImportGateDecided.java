package com.bulkimport.events;

import java.util.List;

/** validation's decision on a whole import, taken once, when its last row has been checked. */
public record ImportGateDecided(@Required String importId, @Required String accountId,
        @Required Outcome outcome, List<LicenceShortfall> licenceShortfall) implements AccountKeyed {

    public enum Outcome {
        /** At least one row failed: nothing is created. */
        VALIDATION_FAILED,
        /** Rows need more licences of a type than the account has free: nothing is created. */
        NOT_ENOUGH_LICENSES,
        /** A validate-only import passed: nothing is created. */
        VALIDATED,
        /** Every row passed and licences suffice: the rows go to provisioning. */
        RELEASED
    }

    /** Licences of one type that the import needs, and how many the account has free. */
    public record LicenceShortfall(String licenceType, int needed, int free) {
    }
}
