package com.bulkimport.events;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the platform tells the pipeline about an account, on {@link Topics#ACCOUNT_EVENTS}, keyed by
 * account id. Each event states a fact absolutely (a total, a setting), so replaying it is harmless.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AccountEvent.SettingsChanged.class, name = "SettingsChanged"),
        @JsonSubTypes.Type(value = AccountEvent.LicenceChanged.class, name = "LicenceChanged"),
        @JsonSubTypes.Type(value = AccountEvent.NumberParked.class, name = "NumberParked"),
        @JsonSubTypes.Type(value = AccountEvent.NumberAssigned.class, name = "NumberAssigned"),
        @JsonSubTypes.Type(value = AccountEvent.NumberReleased.class, name = "NumberReleased"),
        @JsonSubTypes.Type(value = AccountEvent.LocationCreated.class, name = "LocationCreated"),
        @JsonSubTypes.Type(value = AccountEvent.LocationRemoved.class, name = "LocationRemoved"),
        @JsonSubTypes.Type(value = AccountEvent.ExtensionReserved.class, name = "ExtensionReserved"),
        @JsonSubTypes.Type(value = AccountEvent.TrunkCreated.class, name = "TrunkCreated"),
        @JsonSubTypes.Type(value = AccountEvent.UserRegistered.class, name = "UserRegistered")
})
public sealed interface AccountEvent extends AccountKeyed {

    String accountId();

    /** The account's settings, all at once. */
    record SettingsChanged(@Required String accountId, String accountName, boolean onPremisesIntegration,
            boolean silentMode, Set<BundleService> installedServices, int extensionMinLength,
            int extensionMaxLength) implements AccountEvent {
    }

    /** One licence type's total and used count. */
    record LicenceChanged(@Required String accountId, @Required String licenceType, @Required int total, int used)
            implements AccountEvent {
    }

    /** A number (E.164) is in the account's inventory and free. */
    record NumberParked(@Required String accountId, @Required String number, boolean tollFree)
            implements AccountEvent {
    }

    /** A number was given to a user outside this pipeline. */
    record NumberAssigned(@Required String accountId, @Required String number, String userEmail)
            implements AccountEvent {
    }

    /** A number left the account's inventory. */
    record NumberReleased(@Required String accountId, @Required String number) implements AccountEvent {
    }

    /** A location; one per account is the Main Company Address, the default. */
    record LocationCreated(@Required String accountId, @Required String name, boolean mainCompanyAddress)
            implements AccountEvent {
    }

    /** A location the account no longer has (matched ignoring case); no user is put there from now on. */
    record LocationRemoved(String accountId, String name) implements AccountEvent {
    }

    /** An extension used by something other than a user (auto attendant, hunt group). */
    record ExtensionReserved(@Required String accountId, @Required String extension, String usedBy)
            implements AccountEvent {
    }

    /** A SIP tie trunk, for Bridge users of accounts with on-premises integration. */
    record TrunkCreated(@Required String accountId, @Required String name) implements AccountEvent {
    }

    /** A user that exists on the account, created outside this pipeline. */
    record UserRegistered(@Required String accountId, @Required String email, String extension,
            List<String> numbers, String licenceType) implements AccountEvent {
    }
}
