package com.bulkimport.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo accounts and administrators of the local run and the tests
 * ({@code fixtures/demo-fixture.json}), and the account events that describe them.
 * The administrators exist only in the local run and tests, never in production.
 */
public record DemoFixture(List<Account> accounts, List<Administrator> administrators) {

    public static final String RESOURCE = "/fixtures/demo-fixture.json";

    public record Account(String accountId, String accountName, boolean onPremisesIntegration,
            boolean silentMode, Set<BundleService> installedServices, int extensionMinLength,
            int extensionMaxLength, List<Licence> licences, List<NumberRange> numberRanges,
            List<Location> locations, List<User> users, List<ReservedExtension> reservedExtensions,
            List<String> trunks) {
    }

    public record Licence(String licenceType, int total, int used) {
    }

    /** {@code count} consecutive numbers from {@code first} (E.164). */
    public record NumberRange(String first, int count, boolean tollFree) {
    }

    public record Location(String name, boolean mainCompanyAddress) {
    }

    public record User(String email, String extension, List<String> numbers, String licenceType) {
    }

    public record ReservedExtension(String extension, String usedBy) {
    }

    public record Administrator(String username, String password, List<String> accounts) {
    }

    public static DemoFixture load() {
        try (InputStream in = DemoFixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            return Json.MAPPER.readValue(in, DemoFixture.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fact of the fixture as account events, in an order a consumer can apply one by one. */
    public List<AccountEvent> accountEvents() {
        List<AccountEvent> events = new ArrayList<>();
        for (Account a : accounts) {
            String id = a.accountId();
            events.add(new AccountEvent.SettingsChanged(id, a.accountName(), a.onPremisesIntegration(),
                    a.silentMode(), a.installedServices(), a.extensionMinLength(), a.extensionMaxLength()));
            a.licences().forEach(l -> events.add(new AccountEvent.LicenceChanged(id, l.licenceType(), l.total(), l.used())));
            for (NumberRange range : a.numberRanges()) {
                long first = Long.parseLong(range.first().substring(1));
                for (int i = 0; i < range.count(); i++) {
                    events.add(new AccountEvent.NumberParked(id, "+" + (first + i), range.tollFree()));
                }
            }
            a.locations().forEach(l -> events.add(new AccountEvent.LocationCreated(id, l.name(), l.mainCompanyAddress())));
            a.reservedExtensions().forEach(r -> events.add(new AccountEvent.ExtensionReserved(id, r.extension(), r.usedBy())));
            a.trunks().forEach(t -> events.add(new AccountEvent.TrunkCreated(id, t)));
            a.users().forEach(u -> events.add(new AccountEvent.UserRegistered(id, u.email(), u.extension(),
                    u.numbers() == null ? List.of() : u.numbers(), u.licenceType())));
        }
        return events;
    }
}
