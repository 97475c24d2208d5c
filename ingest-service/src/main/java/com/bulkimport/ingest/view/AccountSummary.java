package com.bulkimport.ingest.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.bulkimport.events.BundleService;

/** What ingest needs of an account: that it exists, on-premises integration, installed services, licence types. */
public record AccountSummary(String accountId, boolean known, boolean onPremisesIntegration,
        Set<BundleService> installedServices, List<String> licenceTypes) {

    public static AccountSummary unknown(String accountId) {
        return new AccountSummary(accountId, false, false, Set.of(), List.of());
    }

    /** The bundle's services that are not installed on the account, in the bundle's order. */
    public List<BundleService> missingServices() {
        return Arrays.stream(BundleService.values()).filter(s -> !installedServices.contains(s)).toList();
    }

    AccountSummary withLicenceType(String type) {
        if (licenceTypes.contains(type)) {
            return this;
        }
        List<String> next = new ArrayList<>(licenceTypes);
        next.add(type);
        return new AccountSummary(accountId, known, onPremisesIntegration, installedServices, next);
    }
}
