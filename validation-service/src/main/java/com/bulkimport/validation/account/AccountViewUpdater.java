package com.bulkimport.validation.account;

import java.util.List;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.UserCreated;
import com.bulkimport.validation.ValidationTopology;

/**
 * Keeps validation's view of each account from the platform's account events and from the users
 * provisioning created. The view may lag provisioning; provisioning checks again when it writes.
 */
public class AccountViewUpdater implements Processor<String, Object, Void, Void> {

    private KeyValueStore<String, AccountView> accounts;
    private KeyValueStore<String, String> users;
    private KeyValueStore<String, KnownNumber> numbers;
    private KeyValueStore<String, String> extensions;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        accounts = context.getStateStore(ValidationTopology.ACCOUNTS_STORE);
        users = context.getStateStore(ValidationTopology.USERS_STORE);
        numbers = context.getStateStore(ValidationTopology.NUMBERS_STORE);
        extensions = context.getStateStore(ValidationTopology.EXTENSIONS_STORE);
    }

    @Override
    public void process(Record<String, Object> record) {
        String id = record.key();
        AccountView view = accounts.get(id);
        if (view == null) {
            view = AccountView.unknown(id);
        }
        Object event = record.value();
        if (event instanceof AccountEvent.SettingsChanged s) {
            accounts.put(id, view.withSettings(s.accountName(), s.onPremisesIntegration(), s.silentMode(),
                    s.installedServices(), s.extensionMinLength(), s.extensionMaxLength()));
        } else if (event instanceof AccountEvent.LicenceChanged l) {
            accounts.put(id, view.withLicence(new AccountView.Licence(l.licenceType(), l.total(), l.used())));
        } else if (event instanceof AccountEvent.LocationCreated l) {
            accounts.put(id, view.withLocation(l.name(), l.mainCompanyAddress()));
        } else if (event instanceof AccountEvent.TrunkCreated t) {
            accounts.put(id, view.withTrunk(t.name()));
        } else if (event instanceof AccountEvent.NumberParked n) {
            numbers.put(key(id, n.number()), new KnownNumber(n.number(), n.tollFree(), null));
        } else if (event instanceof AccountEvent.NumberAssigned n) {
            KnownNumber known = numbers.get(key(id, n.number()));
            numbers.put(key(id, n.number()), new KnownNumber(n.number(), known != null && known.tollFree(), n.userEmail()));
        } else if (event instanceof AccountEvent.NumberReleased n) {
            numbers.delete(key(id, n.number()));
        } else if (event instanceof AccountEvent.ExtensionReserved e) {
            extensions.put(key(id, e.extension()), e.usedBy());
        } else if (event instanceof AccountEvent.UserRegistered u) {
            addUser(id, u.email(), u.extension(), u.numbers());
        } else if (event instanceof UserCreated u) {
            addUser(id, u.email(), u.extension(), u.numbers());
            AccountView current = view;
            view.licence(u.licenceType()).ifPresent(l -> accounts.put(id,
                    current.withLicence(new AccountView.Licence(l.licenceType(), l.total(), l.used() + 1))));
        }
    }

    private void addUser(String accountId, String email, String extension, List<String> userNumbers) {
        users.put(StoreKey.user(accountId, email), email);
        if (extension != null && !extension.isBlank()) {
            extensions.put(key(accountId, extension), email);
        }
        if (userNumbers != null) {
            for (String n : userNumbers) {
                KnownNumber known = numbers.get(key(accountId, n));
                numbers.put(key(accountId, n), new KnownNumber(n, known != null && known.tollFree(), email));
            }
        }
    }


    /** The key of an account's number (E.164) or extension. */
    public static String key(String accountId, String numberOrExtension) {
        return StoreKey.of(accountId, numberOrExtension);
    }
}
