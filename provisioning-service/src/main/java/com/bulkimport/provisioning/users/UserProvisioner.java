package com.bulkimport.provisioning.users;

import static com.bulkimport.events.TemplateColumn.ADDITIONAL_NUMBERS;
import static com.bulkimport.events.TemplateColumn.EMAIL;
import static com.bulkimport.events.TemplateColumn.EXTENSION;
import static com.bulkimport.events.TemplateColumn.LICENCE_TYPE;
import static com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER;
import static com.bulkimport.events.TemplateColumn.VOICE_LOCATION;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowProvisioned.Outcome;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.UserCreated;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.pipeline.AccountStores;
import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.provisioning.directory.DirectoryUser;

/**
 * Creates one user per {@link ProvisionUser}, at most once per import and row, checking again
 * what validation saw: the email not yet a user, a free licence, the numbers parked, the extension
 * free and within the account's extension length (or, when the row names none, the lowest free one:
 * {@link ExtensionAllocator}), the named location still the account's. What it
 * takes (licence, numbers, extension) is applied to the directory as the contract's account change
 * of the {@link UserCreated} it publishes ({@link UserCreatedMapper}), in the same exactly-once
 * transaction as that event, the {@link RowProvisioned} and the emails the {@link EmailRules} ask
 * for, so a crash repeats the whole step or none of it.
 */
public class UserProvisioner implements Processor<String, ProvisionUser, String, Object> {

    /** The rows provisioned, keyed {@code import|row}: a row is provisioned once. */
    public static final String PROVISIONED_ROWS_STORE = "provisioned-rows";

    private static final Logger log = LoggerFactory.getLogger(UserProvisioner.class);

    private final PasswordSealer sealer;
    private ProcessorContext<String, Object> context;
    private AccountStores directory;
    private KeyValueStore<String, DirectoryUser> users;
    private KeyValueStore<String, String> provisionedRows;

    public UserProvisioner(PasswordSealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        directory = AccountStores.of(context, DirectoryUpdater.ACCOUNT_STORES);
        users = context.getStateStore(DirectoryUpdater.USERS_STORE);
        provisionedRows = context.getStateStore(PROVISIONED_ROWS_STORE);
    }

    @Override
    public void process(Record<String, ProvisionUser> record) {
        ProvisionUser cmd = record.value();
        // A command missing what it needs fails here, before anything is written: it is dead-lettered.
        if (cmd.importId() == null || cmd.options() == null || cmd.user() == null || cmd.user().email() == null
                || cmd.user().email().isBlank()) {
            throw new IllegalArgumentException("ProvisionUser without import id, options or email: row " + cmd.row());
        }
        String rowKey = StoreKey.of(cmd.importId(), StoreKey.row(cmd.row()));
        if (provisionedRows.get(rowKey) != null) {
            log.info("Row {} of import {} was provisioned already; ignoring the repeat", cmd.row(), cmd.importId());
            return;
        }
        Outcome outcome = provision(record, cmd, directory.account(cmd.accountId()));
        provisionedRows.put(rowKey, outcome.name());
    }

    private Outcome provision(Record<String, ProvisionUser> record, ProvisionUser cmd, Account account) {
        String accountId = cmd.accountId();
        NewUser user = cmd.user();
        String email = user.email();
        if (users.get(StoreKey.user(accountId, email)) != null) {
            if (cmd.options().skipExisting()) {
                emitResult(record, cmd, Outcome.SKIPPED, null, List.of(),
                        List.of("A user with this email exists already: skipped."));
                return Outcome.SKIPPED;
            }
            return notCreated(record, cmd, EMAIL, email, ErrorCode.EMAIL_EXISTS,
                    "A user with email '" + email + "' was created since the file was validated.");
        }
        Optional<Account.Licence> licence = account.licence(cmd.licenceType());
        if (licence.isEmpty() || !licence.get().hasFree()) {
            return notCreated(record, cmd, LICENCE_TYPE, cmd.licenceType(), ErrorCode.LICENCE_TAKEN,
                    "No '" + cmd.licenceType() + "' licence is free any more; add subscriptions and import this row again.");
        }

        boolean connect = cmd.options().connect();
        List<String> assigned = new ArrayList<>();
        String extension = null;
        String location = null;
        if (connect) {
            for (String number : user.requestedNumbers()) {
                Optional<AccountNumber> entry = directory.number(accountId, number);
                if (entry.isEmpty() || !entry.get().parked()) {
                    return notCreated(record, cmd, assigned.isEmpty() ? PRIMARY_NUMBER : ADDITIONAL_NUMBERS, number,
                            ErrorCode.NUMBER_TAKEN, "Number " + number + " is no longer parked in this account: "
                                    + (entry.isEmpty() ? "it left the inventory." : "it was given to another user."));
                }
                assigned.add(number);
            }
            if (user.extension() != null) {
                if (!ExtensionAllocator.withinLength(account, user.extension())) {
                    return notCreated(record, cmd, EXTENSION, user.extension(), ErrorCode.EXTENSION_INVALID,
                            "Extension " + user.extension() + " is no longer within this account's extension length ("
                                    + account.extensionMinLength() + " to " + account.extensionMaxLength()
                                    + " digits): the setting changed since the file was validated.");
                }
                if (directory.extensionUsedBy(accountId, user.extension()).isPresent()) {
                    return notCreated(record, cmd, EXTENSION, user.extension(), ErrorCode.EXTENSION_IN_USE,
                            "Extension " + user.extension() + " was taken since the file was validated.");
                }
                extension = user.extension();
            } else {
                extension = ExtensionAllocator.lowestFree(accountId, account, directory).orElse(null);
                if (extension == null) {
                    return notCreated(record, cmd, EXTENSION, "", ErrorCode.NO_FREE_EXTENSION,
                            "No extension is free in this account's range.");
                }
            }
            if (user.location() == null) {
                location = account.mainLocation();
            } else {
                // A location removed since validation is not replaced by another: the row is refused.
                Optional<String> named = account.location(user.location());
                if (named.isEmpty()) {
                    return notCreated(record, cmd, VOICE_LOCATION, user.location(), ErrorCode.LOCATION_UNKNOWN,
                            "Location '" + user.location() + "' was removed from this account since the file was validated.");
                }
                location = named.get();
            }
        }

        // Take what the user gets: all in this task's stores, committed with the outputs below.
        Allocation given = new Allocation(userId(cmd), licence.get().licenceType(), extension, assigned, location,
                connect && !assigned.isEmpty());
        UserCreated created = UserCreatedMapper.map(cmd, given, Instant.ofEpochMilli(record.timestamp()));
        directory.apply(accountId, created);
        users.put(StoreKey.user(accountId, email), new DirectoryUser(given.userId(), email, user.displayName(),
                given.licenceType(), extension, assigned, location, given.connectActivated(), user, cmd.importId(),
                cmd.row()));

        List<String> notes = new ArrayList<>();
        if (connect && assigned.isEmpty()) {
            notes.add("No primary phone number: created without numbers, CONNECT not activated.");
        }
        emitResult(record, cmd, Outcome.CREATED, given, List.of(), notes);
        context.forward(record.withValue(created), "users-created");
        requestEmails(record, cmd, account, given);
        return Outcome.CREATED;
    }

    private void requestEmails(Record<String, ProvisionUser> record, ProvisionUser cmd, Account account,
            Allocation given) {
        boolean silent = cmd.silentMode() != null ? cmd.silentMode() : account.silentMode();
        String email = cmd.user().email();
        for (EmailRules.Email e : EmailRules.emailsFor(cmd.options(), silent, given.connectActivated(), email)) {
            String sealed = e.kind() == Kind.TEMPORARY_PASSWORD
                    ? sealer.seal(TemporaryPasswords.generate(), PasswordSealer.contextFor(cmd.importId(), cmd.row()))
                    : null;
            context.forward(record.withValue(new NotificationRequested(cmd.importId(), cmd.accountId(), cmd.row(),
                    e.kind(), e.to(), email, cmd.user().displayName(), account.accountName(), sealed)),
                    "notification-requests");
        }
    }

    private Outcome notCreated(Record<String, ProvisionUser> record, ProvisionUser cmd, TemplateColumn column,
            String value, ErrorCode code, String message) {
        emitResult(record, cmd, Outcome.NOT_CREATED, new Allocation(null, cmd.licenceType(), null, List.of(), null, false),
                List.of(RowError.of(cmd.row(), column, value, code, message)), List.of());
        return Outcome.NOT_CREATED;
    }

    /** The row's result; {@code given} is null for a skipped row, which was given nothing. */
    private void emitResult(Record<String, ProvisionUser> record, ProvisionUser cmd, Outcome outcome, Allocation given,
            List<RowError> reasons, List<String> notes) {
        Allocation what = given == null ? new Allocation(null, null, null, List.of(), null, false) : given;
        context.forward(record.withValue(new RowProvisioned(cmd.importId(), cmd.accountId(), cmd.row(), outcome,
                what.userId(), cmd.user().email(), cmd.user().displayName(), what.licenceType(),
                what.extension(), what.numbers(), what.location(), reasons, notes)), "rows-provisioned");
    }

    /** The same row of the same import always gets the same user id, whatever is retried. */
    private static String userId(ProvisionUser cmd) {
        return UUID.nameUUIDFromBytes((cmd.accountId() + "|" + cmd.importId() + "|" + cmd.row())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
