package com.bulkimport.validation.account;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.bulkimport.events.Service;

/**
 * What validation knows of an account: its settings and licences. Users are kept apart, one store
 * entry each, so that this record stays small whatever the account's size.
 */
public record AccountView(String accountId, String accountName, boolean known, boolean onPremisesIntegration,
        boolean silentMode, Set<Service> installedServices, int extensionMinLength, int extensionMaxLength,
        Map<String, Licence> licences) {

    /** One licence type: total bought, and used. */
    public record Licence(String licenceType, int total, int used) {
        public int free() {
            return Math.max(0, total - used);
        }
    }

    public static AccountView unknown(String accountId) {
        return new AccountView(accountId, accountId, false, false, false, Set.of(), 3, 6, Map.of());
    }

    /** The account's own spelling of a licence type, matched ignoring case. */
    public Optional<Licence> licence(String name) {
        return licences.values().stream().filter(l -> l.licenceType().equalsIgnoreCase(name)).findFirst();
    }

    public AccountView withLicence(Licence licence) {
        Map<String, Licence> next = new LinkedHashMap<>(licences);
        next.put(licence.licenceType(), licence);
        return new AccountView(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, next);
    }

    public AccountView withSettings(String name, boolean onPremises, boolean silent, Set<Service> services,
            int minLength, int maxLength) {
        return new AccountView(accountId, name, true, onPremises, silent, services, minLength, maxLength, licences);
    }
}
