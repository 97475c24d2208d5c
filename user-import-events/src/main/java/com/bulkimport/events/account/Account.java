package com.bulkimport.events.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.bulkimport.events.BundleService;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account's settings, licences, locations and trunks: the small part of its state, one record
 * per account. Numbers, extensions and users are kept apart, one store entry each, so that this
 * record stays small whatever the account's size. {@code known} is false until the platform has
 * sent the account's settings. Names the account has (licence types, locations, trunks) are
 * matched ignoring case and kept in the account's own spelling.
 */
public record Account(String accountId, String accountName, boolean known, boolean onPremisesIntegration,
        boolean silentMode, Set<BundleService> installedServices, int extensionMinLength, int extensionMaxLength,
        Map<String, Licence> licences, List<String> locations, String mainLocation, List<String> trunks) {

    /**
     * One licence type: how many the account bought ({@code total}), how many are used outside this
     * pipeline ({@code used}, as the platform's {@code LicenceChanged} states it), and how many the
     * users this pipeline created use ({@code usedByPipeline}, counted here). The platform's event
     * replaces the first two and never the third, so a total lowered during an import still counts
     * the users the import has created.
     */
    public record Licence(String licenceType, int total, int used, int usedByPipeline) {

        /** A licence type as the platform states it, before this pipeline has used any. */
        public Licence(String licenceType, int total, int used) {
            this(licenceType, total, used, 0);
        }

        /** Read from JSON; a record stored before {@code usedByPipeline} existed has none counted. */
        @JsonCreator
        static Licence read(@JsonProperty("licenceType") String licenceType, @JsonProperty("total") int total,
                @JsonProperty("used") int used, @JsonProperty("usedByPipeline") Integer usedByPipeline) {
            return new Licence(licenceType, total, used, usedByPipeline == null ? 0 : usedByPipeline);
        }

        public int free() {
            return Math.max(0, total - used - usedByPipeline);
        }

        public boolean hasFree() {
            return used + usedByPipeline < total;
        }

        public Licence oneMoreUsed() {
            return new Licence(licenceType, total, used, usedByPipeline + 1);
        }
    }

    /** An account the platform has told nothing about yet: no licences, the default extension range. */
    public static Account unknown(String accountId) {
        return new Account(accountId, accountId, false, false, false, Set.of(), 3, 6, Map.of(), List.of(), null,
                List.of());
    }

    /** A licence type of the account, matched ignoring case. */
    public Optional<Licence> licence(String name) {
        return licences.values().stream().filter(l -> l.licenceType().equalsIgnoreCase(name)).findFirst();
    }

    /** The account's own spelling of a location, matched ignoring case. */
    public Optional<String> location(String name) {
        return find(locations, name);
    }

    /** The account's own spelling of a SIP tie trunk, matched ignoring case. */
    public Optional<String> trunk(String name) {
        return find(trunks, name);
    }

    Account withSettings(String name, boolean onPremises, boolean silent, Set<BundleService> services, int minLength,
            int maxLength) {
        return new Account(accountId, name, true, onPremises, silent, services, minLength, maxLength, licences,
                locations, mainLocation, trunks);
    }

    Account withLicence(Licence licence) {
        Map<String, Licence> next = new LinkedHashMap<>(licences);
        next.put(licence.licenceType(), licence);
        return new Account(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, next, locations, mainLocation, trunks);
    }

    Account withLocation(String name, boolean main) {
        return new Account(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, added(locations, name), main ? name : mainLocation,
                trunks);
    }

    /** The account without a location (matched ignoring case); without a Main Company Address if it was that one. */
    Account withoutLocation(String name) {
        Optional<String> removed = location(name);
        if (removed.isEmpty()) {
            return this;
        }
        List<String> next = new ArrayList<>(locations);
        next.remove(removed.get());
        return new Account(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, next,
                removed.get().equals(mainLocation) ? null : mainLocation, trunks);
    }

    Account withTrunk(String name) {
        return new Account(accountId, accountName, known, onPremisesIntegration, silentMode, installedServices,
                extensionMinLength, extensionMaxLength, licences, locations, mainLocation, added(trunks, name));
    }

    private static Optional<String> find(List<String> names, String name) {
        return names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
    }

    /** The names with one more, unless the account has it already in some letter case. */
    private static List<String> added(List<String> names, String name) {
        if (find(names, name).isPresent()) {
            return names;
        }
        List<String> next = new ArrayList<>(names);
        next.add(name);
        return next;
    }
}
