package com.bulkimport.validation.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.bulkimport.events.Service;

/**
 * What validation knows of an account: its settings, licences, locations and trunks. Users,
 * numbers and extensions are kept apart, one store entry each, so that this record stays small
 * whatever the account's size.
 */
public record AccountView(String accountId, String accountName, boolean known, boolean onPremisesIntegration,
        boolean silentMode, Set<Service> installedServices, int extensionMinLength, int extensionMaxLength,
        Map<String, Licence> licences, List<String> locations, String mainLocation, List<String> trunks) {

    /** One licence type: total bought, and used. */
    public record Licence(String licenceType, int total, int used) {
        public int free() {
            return Math.max(0, total - used);
        }
    }

    public static AccountView unknown(String accountId) {
        return new AccountView(accountId, accountId, false, false, false, Set.of(), 3, 6, Map.of(), List.of(), null,
                List.of());
    }

    /** The account's own spelling of a licence type, matched ignoring case. */
    public Optional<Licence> licence(String name) {
        return licences.values().stream().filter(l -> l.licenceType().equalsIgnoreCase(name)).findFirst();
    }

    /** The account's own spelling of a location, matched ignoring case. */
    public Optional<String> location(String name) {
        return locations.stream().filter(l -> l.equalsIgnoreCase(name)).findFirst();
    }

    /** The account's own spelling of a SIP tie trunk, matched ignoring case. */
    public Optional<String> trunk(String name) {
        return trunks.stream().filter(t -> t.equalsIgnoreCase(name)).findFirst();
    }

    public AccountView withLicence(Licence licence) {
        Map<String, Licence> next = new LinkedHashMap<>(licences);
        next.put(licence.licenceType(), licence);
        return new AccountView(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, next, locations, mainLocation, trunks);
    }

    public AccountView withSettings(String name, boolean onPremises, boolean silent, Set<Service> services,
            int minLength, int maxLength) {
        return new AccountView(accountId, name, true, onPremises, silent, services, minLength, maxLength, licences,
                locations, mainLocation, trunks);
    }

    public AccountView withLocation(String name, boolean main) {
        List<String> next = new ArrayList<>(locations);
        if (location(name).isEmpty()) {
            next.add(name);
        }
        return new AccountView(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, next, main ? name : mainLocation, trunks);
    }

    public AccountView withTrunk(String name) {
        List<String> next = new ArrayList<>(trunks);
        if (trunk(name).isEmpty()) {
            next.add(name);
        }
        return new AccountView(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, locations, mainLocation, next);
    }
}
