package com.bulkimport.events.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.UserCreated;

/**
 * What one event changes in an account's state, and the one function that works it out
 * ({@link #apply}). The function is pure: it reads the account's record and the numbers it is
 * given and returns the change; each service writes the change to its own stores.
 *
 * @param account the account's record after the event, or {@code null} when the event leaves it as it was
 * @param numbers numbers of the inventory, as they are now (parked, or assigned to a user)
 * @param releasedNumbers numbers that left the inventory
 * @param extensions extensions now in use, each with who uses it (a user's email, or what it is reserved for)
 * @param user a user the account has now, or {@code null}
 */
public record AccountChange(Account account, List<AccountNumber> numbers, List<String> releasedNumbers,
        Map<String, String> extensions, AccountUser user) {

    /** The numbers of the account's inventory as the caller's store has them, by E.164 number. */
    public interface Numbers extends Function<String, Optional<AccountNumber>> {
    }

    /** Applies one of the platform's account events. Each states a fact absolutely, so replaying it is harmless. */
    public static AccountChange apply(Account account, AccountEvent event, Numbers numbers) {
        if (event instanceof AccountEvent.SettingsChanged s) {
            return of(account.withSettings(s.accountName(), s.onPremisesIntegration(), s.silentMode(),
                    s.installedServices(), s.extensionMinLength(), s.extensionMaxLength()));
        } else if (event instanceof AccountEvent.LicenceChanged l) {
            // The platform's figures replace its own; the users this pipeline created stay counted.
            int usedByPipeline = account.licence(l.licenceType()).map(Account.Licence::usedByPipeline).orElse(0);
            return of(account.withLicence(new Account.Licence(l.licenceType(), l.total(), l.used(), usedByPipeline)));
        } else if (event instanceof AccountEvent.LocationCreated l) {
            return of(account.withLocation(l.name(), l.mainCompanyAddress()));
        } else if (event instanceof AccountEvent.LocationRemoved l) {
            return of(account.withoutLocation(l.name()));
        } else if (event instanceof AccountEvent.TrunkCreated t) {
            return of(account.withTrunk(t.name()));
        } else if (event instanceof AccountEvent.NumberParked n) {
            return numbers(List.of(new AccountNumber(n.number(), n.tollFree(), null)), List.of());
        } else if (event instanceof AccountEvent.NumberAssigned n) {
            return numbers(List.of(assigned(numbers, n.number(), n.userEmail())), List.of());
        } else if (event instanceof AccountEvent.NumberReleased n) {
            return numbers(List.of(), List.of(n.number()));
        } else if (event instanceof AccountEvent.ExtensionReserved e) {
            return new AccountChange(null, List.of(), List.of(), Map.of(e.extension(), e.usedBy()), null);
        } else if (event instanceof AccountEvent.UserRegistered u) {
            // Its licence is counted by the platform's own LicenceChanged events.
            return userAdded(null, u.email(), u.licenceType(), u.extension(), u.numbers(), numbers);
        }
        throw new IllegalArgumentException("Unknown account event " + event);
    }

    /**
     * Applies a user this pipeline created: the user's numbers and extension are taken, and one
     * more of its licence is used (the platform's events count only what happens outside the pipeline).
     */
    public static AccountChange apply(Account account, UserCreated user, Numbers numbers) {
        Account counted = account.licence(user.licenceType())
                .map(l -> account.withLicence(l.oneMoreUsed()))
                .orElse(null);
        return userAdded(counted, user.email(), user.licenceType(), user.extension(), user.numbers(), numbers);
    }

    /** Whether the account's record changed. */
    public boolean accountChanged() {
        return account != null;
    }

    private static AccountChange of(Account account) {
        return new AccountChange(account, List.of(), List.of(), Map.of(), null);
    }

    private static AccountChange numbers(List<AccountNumber> numbers, List<String> released) {
        return new AccountChange(null, numbers, released, Map.of(), null);
    }

    private static AccountChange userAdded(Account account, String email, String licenceType, String extension,
            List<String> userNumbers, Numbers numbers) {
        List<String> given = userNumbers == null ? List.of() : List.copyOf(userNumbers);
        List<AccountNumber> assigned = new ArrayList<>();
        given.forEach(n -> assigned.add(assigned(numbers, n, email)));
        String ext = extension == null || extension.isBlank() ? null : extension;
        return new AccountChange(account, assigned, List.of(), ext == null ? Map.of() : Map.of(ext, email),
                new AccountUser(email, licenceType, ext, given));
    }

    /** A number now the user's; toll-free as the inventory says (not toll-free when it never said). */
    private static AccountNumber assigned(Numbers numbers, String number, String userEmail) {
        return numbers.apply(number).map(n -> n.assignTo(userEmail))
                .orElse(new AccountNumber(number, false, userEmail));
    }
}
