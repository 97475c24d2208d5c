package com.bulkimport.validation.account;

import java.util.Locale;

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

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        accounts = context.getStateStore(ValidationTopology.ACCOUNTS_STORE);
        users = context.getStateStore(ValidationTopology.USERS_STORE);
    }

    @Override
    public void process(Record<String, Object> record) {
        String accountId = record.key();
        AccountView view = accounts.get(accountId);
        if (view == null) {
            view = AccountView.unknown(accountId);
        }
        Object event = record.value();
        if (event instanceof AccountEvent.SettingsChanged s) {
            accounts.put(accountId, view.withSettings(s.accountName(), s.onPremisesIntegration(), s.silentMode(),
                    s.installedServices(), s.extensionMinLength(), s.extensionMaxLength()));
        } else if (event instanceof AccountEvent.LicenceChanged l) {
            accounts.put(accountId, view.withLicence(new AccountView.Licence(l.licenceType(), l.total(), l.used())));
        } else if (event instanceof AccountEvent.UserRegistered u) {
            users.put(userKey(accountId, u.email()), u.email());
        } else if (event instanceof UserCreated u) {
            users.put(userKey(accountId, u.email()), u.email());
            AccountView current = view;
            view.licence(u.licenceType()).ifPresent(l -> accounts.put(accountId,
                    current.withLicence(new AccountView.Licence(l.licenceType(), l.total(), l.used() + 1))));
        }
        // Numbers, locations, extensions and trunks are not needed by the rules checked here yet.
    }

    public static String userKey(String accountId, String email) {
        return StoreKey.of(accountId, email.strip().toLowerCase(Locale.ROOT));
    }
}
