package com.bulkimport.ingest.view;

import java.util.ArrayList;
import java.util.List;

/** What ingest needs of an account: that it exists, whether it has on-premises integration, its licence types. */
public record AccountSummary(String accountId, boolean known, boolean onPremisesIntegration, List<String> licenceTypes) {

    public static AccountSummary unknown(String accountId) {
        return new AccountSummary(accountId, false, false, List.of());
    }

    AccountSummary withLicenceType(String type) {
        if (licenceTypes.contains(type)) {
            return this;
        }
        List<String> next = new ArrayList<>(licenceTypes);
        next.add(type);
        return new AccountSummary(accountId, known, onPremisesIntegration, next);
    }
}
