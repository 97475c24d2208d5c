package com.bulkimport.provisioning.users;

import static com.bulkimport.events.TemplateColumn.ADDITIONAL_NUMBERS;
import static com.bulkimport.events.TemplateColumn.AUTO_DELETE_VOICEMAIL;
import static com.bulkimport.events.TemplateColumn.CALLER_ID;
import static com.bulkimport.events.TemplateColumn.CALL_TIMEOUT;
import static com.bulkimport.events.TemplateColumn.CLOUD_EXTENSION;
import static com.bulkimport.events.TemplateColumn.SIP_TIE_TRUNK;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_EMAIL;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_OPERATOR;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_PIN;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_TRANSCRIPTION;
import static com.bulkimport.events.TemplateColumn.SMS_ON_VOICEMAIL;
import static com.bulkimport.events.TemplateColumn.DEPARTMENT;
import static com.bulkimport.events.TemplateColumn.DISPLAY_NAME;
import static com.bulkimport.events.TemplateColumn.EMAIL;
import static com.bulkimport.events.TemplateColumn.EXTENSION;
import static com.bulkimport.events.TemplateColumn.FIRST_NAME;
import static com.bulkimport.events.TemplateColumn.JOB_TITLE;
import static com.bulkimport.events.TemplateColumn.LAST_NAME;
import static com.bulkimport.events.TemplateColumn.LICENCE_TYPE;
import static com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER;
import static com.bulkimport.events.TemplateColumn.TIME_ZONE;
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
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowProvisioned.Outcome;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.UserCreated;
import com.bulkimport.provisioning.ProvisioningTopology;
import com.bulkimport.provisioning.directory.AccountDirectory;
import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.provisioning.directory.NumberEntry;

/**
 * Creates one user per {@link ProvisionUser}, at most once per import and row, checking again
 * what validation saw: the email not yet a user, a free licence, the numbers parked, the extension
 * free. What it takes (licence, numbers, extension) is written to the directory in the same
 * exactly-once transaction as the {@link RowProvisioned}, {@link UserCreated} and notification
 * requests it emits, so a crash repeats the whole step or none of it.
 */
public class UserProvisioner implements Processor<String, ProvisionUser, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(UserProvisioner.class);

    private final PasswordSealer sealer;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, AccountDirectory> accounts;
    private KeyValueStore<String, NumberEntry> numbers;
    private KeyValueStore<String, String> extensions;
    private KeyValueStore<String, DirectoryUser> users;
    private KeyValueStore<String, String> provisionedRows;

    public UserProvisioner(PasswordSealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        accounts = context.getStateStore(ProvisioningTopology.ACCOUNTS_STORE);
        numbers = context.getStateStore(ProvisioningTopology.NUMBERS_STORE);
        extensions = context.getStateStore(ProvisioningTopology.EXTENSIONS_STORE);
        users = context.getStateStore(ProvisioningTopology.USERS_STORE);
        provisionedRows = context.getStateStore(ProvisioningTopology.PROVISIONED_ROWS_STORE);
    }

    @Override
    public void process(Record<String, ProvisionUser> record) {
        ProvisionUser cmd = record.value();
        // A command missing what it needs fails here, before anything is written: it is dead-lettered.
        if (cmd.importId() == null || cmd.options() == null || cmd.values() == null || value(cmd, EMAIL).isEmpty()) {
            throw new IllegalArgumentException("ProvisionUser without import id, options or email: row " + cmd.row());
        }
        String rowKey = StoreKey.of(cmd.importId(), StoreKey.row(cmd.row()));
        if (provisionedRows.get(rowKey) != null) {
            log.info("Row {} of import {} was provisioned already; ignoring the repeat", cmd.row(), cmd.importId());
            return;
        }
        String accountId = cmd.accountId();
        AccountDirectory directory = Optional.ofNullable(accounts.get(accountId)).orElse(AccountDirectory.empty(accountId));
        String email = value(cmd, EMAIL);

        Outcome outcome = provision(record, cmd, directory, email);
        provisionedRows.put(rowKey, outcome.name());
    }

    private Outcome provision(Record<String, ProvisionUser> record, ProvisionUser cmd, AccountDirectory directory,
            String email) {
        String accountId = cmd.accountId();
        if (users.get(StoreKey.user(accountId, email)) != null) {
            if (cmd.options().skipExisting()) {
                emitResult(record, cmd, Outcome.SKIPPED, null, null, null, List.of(), null, List.of(),
                        List.of("A user with this email exists already: skipped."));
                return Outcome.SKIPPED;
            }
            return notCreated(record, cmd, EMAIL, email, ErrorCode.EMAIL_EXISTS,
                    "A user with email '" + email + "' was created since the file was validated.");
        }
        Optional<AccountDirectory.Ledger> ledger = directory.licence(cmd.licenceType());
        if (ledger.isEmpty() || !ledger.get().hasFree()) {
            return notCreated(record, cmd, LICENCE_TYPE, cmd.licenceType(), ErrorCode.LICENCE_TAKEN,
                    "No '" + cmd.licenceType() + "' licence is free any more; add subscriptions and import this row again.");
        }

        boolean connect = cmd.options().connect();
        List<String> assigned = new ArrayList<>();
        String extension = null;
        String location = null;
        if (connect) {
            for (String number : requestedNumbers(cmd)) {
                NumberEntry entry = numbers.get(DirectoryUpdater.numberKey(accountId, number));
                if (entry == null || !entry.parked()) {
                    return notCreated(record, cmd, assigned.isEmpty() ? PRIMARY_NUMBER : ADDITIONAL_NUMBERS, number,
                            ErrorCode.NUMBER_TAKEN, "Number " + number + " is no longer parked in this account: "
                                    + (entry == null ? "it left the inventory." : "it was given to another user."));
                }
                assigned.add(number);
            }
            String wanted = value(cmd, EXTENSION);
            if (!wanted.isEmpty()) {
                if (extensions.get(DirectoryUpdater.extensionKey(accountId, wanted)) != null) {
                    return notCreated(record, cmd, EXTENSION, wanted, ErrorCode.EXTENSION_IN_USE,
                            "Extension " + wanted + " was taken since the file was validated.");
                }
                extension = wanted;
            } else {
                extension = lowestFreeExtension(directory);
                if (extension == null) {
                    return notCreated(record, cmd, EXTENSION, "", ErrorCode.NO_FREE_EXTENSION,
                            "No extension is free in this account's range.");
                }
            }
            location = directory.location(value(cmd, VOICE_LOCATION)).orElse(directory.mainLocation());
        }

        // Take what the user gets: all in this task's stores, committed with the outputs below.
        String userId = userId(cmd);
        AccountDirectory.Ledger l = ledger.get();
        boolean connectActive = connect && !assigned.isEmpty();
        users.put(StoreKey.user(accountId, email), new DirectoryUser(userId, email, value(cmd, DISPLAY_NAME),
                l.licenceType(), extension, assigned, location, connectActive, settings(cmd), cmd.importId(), cmd.row()));
        if (extension != null) {
            extensions.put(DirectoryUpdater.extensionKey(accountId, extension), email);
        }
        for (String number : assigned) {
            String key = DirectoryUpdater.numberKey(accountId, number);
            numbers.put(key, numbers.get(key).assignTo(email));
        }
        accounts.put(accountId, directory.withLedger(new AccountDirectory.Ledger(l.licenceType(), l.total(), l.used() + 1)));

        List<String> notes = new ArrayList<>();
        if (connect && assigned.isEmpty()) {
            notes.add("No primary phone number: created without numbers, CONNECT not activated.");
        }
        emitResult(record, cmd, Outcome.CREATED, userId, l.licenceType(), extension, assigned, location, List.of(), notes);
        context.forward(record.withValue(new UserCreated(UserCreated.SCHEMA_VERSION, accountId, userId, email,
                value(cmd, DISPLAY_NAME), blankToNull(value(cmd, FIRST_NAME)), blankToNull(value(cmd, LAST_NAME)),
                blankToNull(value(cmd, JOB_TITLE)), blankToNull(value(cmd, DEPARTMENT)), l.licenceType(), extension,
                assigned, location, blankToNull(value(cmd, TIME_ZONE)), connectActive,
                blankToNull(value(cmd, CLOUD_EXTENSION)), blankToNull(value(cmd, SIP_TIE_TRUNK)),
                blankToNull(value(cmd, CALLER_ID)), wholeNumber(value(cmd, CALL_TIMEOUT)), voicemail(cmd),
                cmd.importId(), cmd.row(), Instant.ofEpochMilli(record.timestamp()))), "users-created");
        requestEmails(record, cmd, directory, email);
        return Outcome.CREATED;
    }

    private void requestEmails(Record<String, ProvisionUser> record, ProvisionUser cmd, AccountDirectory directory,
            String email) {
        PasswordDelivery delivery = cmd.options().passwordDelivery() == null ? PasswordDelivery.USER_EMAIL
                : cmd.options().passwordDelivery();
        String name = value(cmd, DISPLAY_NAME);
        if (delivery != PasswordDelivery.NONE) {
            String to = delivery == PasswordDelivery.SPECIFIED_ADDRESS ? cmd.options().passwordAddress() : email;
            String sealed = sealer.seal(TemporaryPasswords.generate(), PasswordSealer.contextFor(cmd.importId(), cmd.row()));
            forwardEmail(record, new NotificationRequested(cmd.importId(), cmd.accountId(), cmd.row(),
                    Kind.TEMPORARY_PASSWORD, to, email, name, directory.accountName(), sealed));
        }
        boolean silent = cmd.silentMode() != null ? cmd.silentMode() : directory.silentMode();
        if (cmd.options().connect() && !silent) {
            forwardEmail(record, new NotificationRequested(cmd.importId(), cmd.accountId(), cmd.row(), Kind.WELCOME,
                    email, email, name, directory.accountName(), null));
        }
    }

    private void forwardEmail(Record<String, ProvisionUser> record, NotificationRequested request) {
        context.forward(record.withValue(request), "notification-requests");
    }

    private Outcome notCreated(Record<String, ProvisionUser> record, ProvisionUser cmd, TemplateColumn column,
            String value, ErrorCode code, String message) {
        emitResult(record, cmd, Outcome.NOT_CREATED, null, cmd.licenceType(), null, List.of(), null,
                List.of(RowError.of(cmd.row(), column, value, code, message)), List.of());
        return Outcome.NOT_CREATED;
    }

    private void emitResult(Record<String, ProvisionUser> record, ProvisionUser cmd, Outcome outcome, String userId,
            String licenceType, String extension, List<String> assigned, String location, List<RowError> reasons, List<String> notes) {
        context.forward(record.withValue(new RowProvisioned(cmd.importId(), cmd.accountId(), cmd.row(), cmd.rowCount(),
                outcome, userId, value(cmd, EMAIL), value(cmd, DISPLAY_NAME), licenceType, extension, assigned, location,
                reasons, notes)), "rows-provisioned");
    }

    private String lowestFreeExtension(AccountDirectory directory) {
        long first = (long) Math.pow(10, directory.extensionMinLength() - 1);
        long last = (long) Math.pow(10, directory.extensionMaxLength()) - 1;
        for (long candidate = first; candidate <= last; candidate++) {
            String ext = Long.toString(candidate);
            if (extensions.get(DirectoryUpdater.extensionKey(directory.accountId(), ext)) == null) {
                return ext;
            }
        }
        return null;
    }

    /** The primary number first, then the additional ones; validation has written them in E.164. */
    private static List<String> requestedNumbers(ProvisionUser cmd) {
        List<String> result = new ArrayList<>();
        String primary = value(cmd, PRIMARY_NUMBER);
        if (primary.isEmpty()) {
            return result;
        }
        result.add(e164(primary));
        for (String extra : value(cmd, ADDITIONAL_NUMBERS).split(";")) {
            if (!extra.isBlank()) {
                result.add(e164(extra));
            }
        }
        return result;
    }

    private static String e164(String number) {
        return "+" + number.replaceAll("[^0-9]", "");
    }

    /** The same row of the same import always gets the same user id, whatever is retried. */
    private static String userId(ProvisionUser cmd) {
        return UUID.nameUUIDFromBytes((cmd.accountId() + "|" + cmd.importId() + "|" + cmd.row())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String value(ProvisionUser cmd, TemplateColumn column) {
        String v = cmd.values() == null ? null : cmd.values().get(column.header());
        return v == null ? "" : v.strip();
    }

    /** The row's settings, by template header: what the directory keeps beyond what the user was given. */
    private static java.util.Map<String, String> settings(ProvisionUser cmd) {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (TemplateColumn c : List.of(FIRST_NAME, LAST_NAME, JOB_TITLE, DEPARTMENT, CLOUD_EXTENSION, SIP_TIE_TRUNK, TIME_ZONE,
                CALLER_ID, CALL_TIMEOUT, VOICEMAIL_PIN, VOICEMAIL_OPERATOR, AUTO_DELETE_VOICEMAIL, VOICEMAIL_TRANSCRIPTION,
                VOICEMAIL_EMAIL, SMS_ON_VOICEMAIL)) {
            if (!value(cmd, c).isEmpty()) {
                settings.put(c.header(), value(cmd, c));
            }
        }
        return settings;
    }

    private static UserCreated.Voicemail voicemail(ProvisionUser cmd) {
        List<String> emails = java.util.Arrays.stream(value(cmd, VOICEMAIL_EMAIL).split(";"))
                .map(String::strip).filter(e -> !e.isEmpty()).toList();
        return new UserCreated.Voicemail(!value(cmd, VOICEMAIL_PIN).isEmpty(), blankToNull(value(cmd, VOICEMAIL_OPERATOR)),
                wholeNumber(value(cmd, AUTO_DELETE_VOICEMAIL)), value(cmd, VOICEMAIL_TRANSCRIPTION).equalsIgnoreCase("YES"),
                emails, blankToNull(value(cmd, SMS_ON_VOICEMAIL)));
    }

    private static Integer wholeNumber(String value) {
        return value.matches("\\d{1,9}") ? Integer.valueOf(value) : null;
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
