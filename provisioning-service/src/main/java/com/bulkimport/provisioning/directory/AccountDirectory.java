package com.bulkimport.provisioning.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.bulkimport.events.Service;

/**
 * An account's settings, licence ledger, locations and trunks. Numbers, extensions and users are
 * one store entry each, so this record stays small whatever the account's size.
 */
public record AccountDirectory(String accountId, String accountName, boolean onPremisesIntegration,
        boolean silentMode, Set<Service> installedServices, int extensionMinLength, int extensionMaxLength,
        Map<String, Ledger> licences, List<String> locations, String mainLocation, List<String> trunks) {

    /** One licence type's total and used count. */
    public record Ledger(String licenceType, int total, int used) {
        public boolean hasFree() {
            return used < total;
        }
    }

    public static AccountDirectory empty(String accountId) {
        return new AccountDirectory(accountId, accountId, false, false, Set.of(), 3, 6, Map.of(), List.of(), null, List.of());
    }

    public Optional<Ledger> licence(String type) {
        return licences.values().stream().filter(l -> l.licenceType().equalsIgnoreCase(type)).findFirst();
    }

    public Optional<String> location(String name) {
        return locations.stream().filter(l -> l.equalsIgnoreCase(name)).findFirst();
    }

    public AccountDirectory withSettings(String name, boolean onPremises, boolean silent, Set<Service> services,
            int minLength, int maxLength) {
        return new AccountDirectory(accountId, name, onPremises, silent, services, minLength, maxLength, licences,
                locations, mainLocation, trunks);
    }

    public AccountDirectory withLedger(Ledger ledger) {
        Map<String, Ledger> next = new LinkedHashMap<>(licences);
        next.put(ledger.licenceType(), ledger);
        return new AccountDirectory(accountId, accountName, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, next, locations, mainLocation, trunks);
    }

    public AccountDirectory withLocation(String name, boolean main) {
        List<String> next = new ArrayList<>(locations);
        if (location(name).isEmpty()) {
            next.add(name);
        }
        return new AccountDirectory(accountId, accountName, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, next, main ? name : mainLocation, trunks);
    }

    public AccountDirectory withTrunk(String name) {
        List<String> next = new ArrayList<>(trunks);
        if (!next.contains(name)) {
            next.add(name);
        }
        return new AccountDirectory(accountId, accountName, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, locations, mainLocation, next);
    }
}
