package com.bulkimport.provisioning.directory;

import java.util.List;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.StoreKey;
import com.bulkimport.provisioning.ProvisioningTopology;

/** Applies the platform's account events to the directory. */
public class DirectoryUpdater implements Processor<String, AccountEvent, Void, Void> {

    private KeyValueStore<String, AccountDirectory> accounts;
    private KeyValueStore<String, NumberEntry> numbers;
    private KeyValueStore<String, String> extensions;
    private KeyValueStore<String, DirectoryUser> users;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        accounts = context.getStateStore(ProvisioningTopology.ACCOUNTS_STORE);
        numbers = context.getStateStore(ProvisioningTopology.NUMBERS_STORE);
        extensions = context.getStateStore(ProvisioningTopology.EXTENSIONS_STORE);
        users = context.getStateStore(ProvisioningTopology.USERS_STORE);
    }

    @Override
    public void process(Record<String, AccountEvent> record) {
        String id = record.key();
        AccountEvent event = record.value();
        AccountDirectory directory = accounts.get(id);
        if (directory == null) {
            directory = AccountDirectory.empty(id);
        }
        if (event instanceof AccountEvent.SettingsChanged s) {
            accounts.put(id, directory.withSettings(s.accountName(), s.onPremisesIntegration(), s.silentMode(),
                    s.installedServices(), s.extensionMinLength(), s.extensionMaxLength()));
        } else if (event instanceof AccountEvent.LicenceChanged l) {
            accounts.put(id, directory.withLedger(new AccountDirectory.Ledger(l.licenceType(), l.total(), l.used())));
        } else if (event instanceof AccountEvent.LocationCreated l) {
            accounts.put(id, directory.withLocation(l.name(), l.mainCompanyAddress()));
        } else if (event instanceof AccountEvent.TrunkCreated t) {
            accounts.put(id, directory.withTrunk(t.name()));
        } else if (event instanceof AccountEvent.NumberParked n) {
            numbers.put(numberKey(id, n.number()), new NumberEntry(n.number(), n.tollFree(), null));
        } else if (event instanceof AccountEvent.NumberAssigned n) {
            NumberEntry entry = numbers.get(numberKey(id, n.number()));
            numbers.put(numberKey(id, n.number()), entry == null ? new NumberEntry(n.number(), false, n.userEmail())
                    : entry.assignTo(n.userEmail()));
        } else if (event instanceof AccountEvent.NumberReleased n) {
            numbers.delete(numberKey(id, n.number()));
        } else if (event instanceof AccountEvent.ExtensionReserved e) {
            extensions.put(extensionKey(id, e.extension()), e.usedBy());
        } else if (event instanceof AccountEvent.UserRegistered u) {
            List<String> userNumbers = u.numbers() == null ? List.of() : u.numbers();
            users.put(StoreKey.user(id, u.email()), DirectoryUser.registered(u.email(), u.licenceType(), u.extension(), userNumbers));
            if (u.extension() != null && !u.extension().isBlank()) {
                extensions.put(extensionKey(id, u.extension()), u.email());
            }
            userNumbers.forEach(n -> numbers.put(numberKey(id, n), new NumberEntry(n, false, u.email())));
        }
    }

    public static String numberKey(String accountId, String number) {
        return StoreKey.of(accountId, number);
    }

    public static String extensionKey(String accountId, String extension) {
        return StoreKey.of(accountId, extension);
    }

}
