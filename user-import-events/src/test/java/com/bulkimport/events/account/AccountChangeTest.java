package com.bulkimport.events.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.Json;
import com.bulkimport.events.UserCreated;

/** Every account event, and a user created by the pipeline, applied to one account: what changes. */
class AccountChangeTest {

    /** The account before each case: two licence types, a location, a trunk. */
    private static final Account BEFORE = new Account("demo", "Demo Company", true, true, false,
            Set.of(BundleService.CONNECT), 3, 6,
            Map.of("Essentials", new Account.Licence("Essentials", 10, 2), "Bridge", new Account.Licence("Bridge", 5, 0)),
            List.of("Main Company Address"), "Main Company Address", List.of("PBX-Trunk-1"));

    /** The inventory before each case: one toll-free parked number. */
    private static final AccountChange.Numbers NUMBERS = n -> n.equals("+448081570001")
            ? Optional.of(new AccountNumber(n, true, null)) : Optional.empty();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("settings: all at once, and the account is known",
                        new AccountEvent.SettingsChanged("demo", "Demo Ltd", false, true, Set.of(BundleService.MEET), 4, 5),
                        new AccountChange(new Account("demo", "Demo Ltd", true, false, true, Set.of(BundleService.MEET), 4, 5,
                                BEFORE.licences(), BEFORE.locations(), BEFORE.mainLocation(), BEFORE.trunks()),
                                List.of(), List.of(), Map.of(), null)),
                Arguments.of("a licence type's total and used count, as stated",
                        new AccountEvent.LicenceChanged("demo", "Essentials", 20, 3),
                        accountOnly(withLicences(Map.of("Essentials", new Account.Licence("Essentials", 20, 3),
                                "Bridge", new Account.Licence("Bridge", 5, 0))))),
                Arguments.of("a new location, made the main one",
                        new AccountEvent.LocationCreated("demo", "London Office", true),
                        accountOnly(new Account("demo", "Demo Company", true, true, false, Set.of(BundleService.CONNECT), 3, 6,
                                BEFORE.licences(), List.of("Main Company Address", "London Office"), "London Office",
                                BEFORE.trunks()))),
                Arguments.of("a location the account has in another letter case: not added twice",
                        new AccountEvent.LocationCreated("demo", "MAIN company address", false),
                        accountOnly(BEFORE)),
                Arguments.of("a location removed, named in another letter case",
                        new AccountEvent.LocationRemoved("demo", "MAIN company address"),
                        accountOnly(new Account("demo", "Demo Company", true, true, false, Set.of(BundleService.CONNECT), 3, 6,
                                BEFORE.licences(), List.of(), null, BEFORE.trunks()))),
                Arguments.of("a location the account does not have removed: nothing changes",
                        new AccountEvent.LocationRemoved("demo", "Paris Office"),
                        accountOnly(BEFORE)),
                Arguments.of("a new trunk",
                        new AccountEvent.TrunkCreated("demo", "PBX-Trunk-2"),
                        accountOnly(withTrunks(List.of("PBX-Trunk-1", "PBX-Trunk-2")))),
                Arguments.of("a trunk the account has in another letter case: not added twice",
                        new AccountEvent.TrunkCreated("demo", "pbx-trunk-1"),
                        accountOnly(BEFORE)),
                Arguments.of("a number parked",
                        new AccountEvent.NumberParked("demo", "+442079460001", false),
                        new AccountChange(null, List.of(new AccountNumber("+442079460001", false, null)), List.of(),
                                Map.of(), null)),
                Arguments.of("a known number assigned outside the pipeline: still toll-free",
                        new AccountEvent.NumberAssigned("demo", "+448081570001", "someone@demo.example"),
                        new AccountChange(null, List.of(new AccountNumber("+448081570001", true, "someone@demo.example")),
                                List.of(), Map.of(), null)),
                Arguments.of("an unknown number assigned outside the pipeline",
                        new AccountEvent.NumberAssigned("demo", "+442079460002", "someone@demo.example"),
                        new AccountChange(null, List.of(new AccountNumber("+442079460002", false, "someone@demo.example")),
                                List.of(), Map.of(), null)),
                Arguments.of("a number released",
                        new AccountEvent.NumberReleased("demo", "+442079460001"),
                        new AccountChange(null, List.of(), List.of("+442079460001"), Map.of(), null)),
                Arguments.of("an extension reserved",
                        new AccountEvent.ExtensionReserved("demo", "200", "Auto attendant"),
                        new AccountChange(null, List.of(), List.of(), Map.of("200", "Auto attendant"), null)),
                Arguments.of("a user registered outside the pipeline: its numbers and extension taken, licences as the platform counts them",
                        new AccountEvent.UserRegistered("demo", "old@demo.example", "100", List.of("+448081570001"), "Essentials"),
                        new AccountChange(null, List.of(new AccountNumber("+448081570001", true, "old@demo.example")),
                                List.of(), Map.of("100", "old@demo.example"),
                                new AccountUser("old@demo.example", "Essentials", "100", List.of("+448081570001")))),
                Arguments.of("a user registered without extension or numbers",
                        new AccountEvent.UserRegistered("demo", "old@demo.example", "", null, null),
                        new AccountChange(null, List.of(), List.of(), Map.of(),
                                new AccountUser("old@demo.example", null, null, List.of()))),
                Arguments.of("a user the pipeline created: one more of its licence used (matched ignoring case)",
                        created("essentials", "101", List.of("+442079460001")),
                        new AccountChange(withLicences(Map.of("Essentials", new Account.Licence("Essentials", 10, 2, 1),
                                "Bridge", new Account.Licence("Bridge", 5, 0))),
                                List.of(new AccountNumber("+442079460001", false, "ann@demo.example")), List.of(),
                                Map.of("101", "ann@demo.example"),
                                new AccountUser("ann@demo.example", "essentials", "101", List.of("+442079460001")))),
                Arguments.of("a user the pipeline created on a licence the account does not have: no licence counted",
                        created("Advanced", null, List.of()),
                        new AccountChange(null, List.of(), List.of(), Map.of(),
                                new AccountUser("ann@demo.example", "Advanced", null, List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldWorkOutWhatAnEventChangesInTheAccount(String what, Object event, AccountChange expected) {
        // Given the account and its inventory as above
        // When the event is applied
        AccountChange change = event instanceof UserCreated u ? AccountChange.apply(BEFORE, u, NUMBERS)
                : AccountChange.apply(BEFORE, (AccountEvent) event, NUMBERS);

        // Then exactly this changes
        assertThat(change).isEqualTo(expected);
        assertThat(change.accountChanged()).isEqualTo(expected.account() != null);
    }

    @Test
    void shouldKeepCountingTheUsersThePipelineCreatedWhenThePlatformStatesALicenceAgain() {
        // Given one user created by the pipeline on Essentials (10 total, 2 used outside)
        Account after = AccountChange.apply(BEFORE, created("Essentials", null, List.of()), NUMBERS).account();

        // When the platform lowers the total to 4, with 3 used outside the pipeline
        Account lowered = AccountChange.apply(after, new AccountEvent.LicenceChanged("demo", "Essentials", 4, 3), NUMBERS)
                .account();

        // Then the pipeline's user is still counted: 4 - 3 - 1 = 0 free
        assertThat(lowered.licence("Essentials")).contains(new Account.Licence("Essentials", 4, 3, 1));
        assertThat(lowered.licence("Essentials").orElseThrow().free()).isZero();
        assertThat(lowered.licence("Essentials").orElseThrow().hasFree()).isFalse();
    }

    @Test
    void shouldReadALicenceStoredBeforeThePipelineCountedItsOwnUsers() {
        // A store entry (changelog) written before the field existed
        Account.Licence stored = Json.MAPPER.readValue("{\"licenceType\":\"Essentials\",\"total\":5,\"used\":2}",
                Account.Licence.class);

        assertThat(stored).isEqualTo(new Account.Licence("Essentials", 5, 2, 0));
    }

    private static AccountChange accountOnly(Account account) {
        return new AccountChange(account, List.of(), List.of(), Map.of(), null);
    }

    private static Account withLicences(Map<String, Account.Licence> licences) {
        return new Account("demo", "Demo Company", true, true, false, Set.of(BundleService.CONNECT), 3, 6, licences,
                BEFORE.locations(), BEFORE.mainLocation(), BEFORE.trunks());
    }

    private static Account withTrunks(List<String> trunks) {
        return new Account("demo", "Demo Company", true, true, false, Set.of(BundleService.CONNECT), 3, 6, BEFORE.licences(),
                BEFORE.locations(), BEFORE.mainLocation(), trunks);
    }

    private static UserCreated created(String licenceType, String extension, List<String> numbers) {
        return new UserCreated(UserCreated.SCHEMA_VERSION, "demo", "u1", "ann@demo.example", "Ann Lee", null, null, null,
                null, licenceType, extension, numbers, null, null, !numbers.isEmpty(), null, null, null, null, null, "i1",
                2, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
