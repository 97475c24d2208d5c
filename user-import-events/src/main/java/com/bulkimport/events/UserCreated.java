package com.bulkimport.events;

import java.time.Instant;
import java.util.List;

/**
 * The public event downstream systems (phone switching, billing, directory sync) consume: one per
 * created user, exactly once. Never holds a password. {@code schemaVersion} changes only
 * additively within {@code user-created.v1}.
 */
public record UserCreated(@Required int schemaVersion, @Required String accountId, @Required String userId,
        @Required String email, String displayName, String firstName, String lastName, String jobTitle,
        String department, String licenceType, String extension, List<String> numbers, String location, String timeZone,
        boolean connectEnabled, String cloudExtension, String sipTieTrunk, String callerId,
        Integer callTimeoutSeconds, Voicemail voicemail, @Required String importId, @Required int row,
        Instant createdAt) implements AccountKeyed {

    public static final int SCHEMA_VERSION = 1;

    /**
     * The event of the user made from {@code command}'s row, with what it was given (its id, licence,
     * extension, numbers, location, whether Connect was activated). Never a password; of the
     * voicemail PIN only whether one was set.
     */
    public static UserCreated of(ProvisionUser command, String userId, String licenceType, String extension,
            List<String> numbers, String location, boolean connectEnabled, Instant createdAt) {
        NewUser user = command.user();
        NewUser.Voicemail voicemail = user.voicemail() == null ? NewUser.Voicemail.none() : user.voicemail();
        return new UserCreated(SCHEMA_VERSION, command.accountId(), userId, user.email(), user.displayName(),
                user.firstName(), user.lastName(), user.jobTitle(), user.department(), licenceType, extension, numbers,
                location, user.timeZone(), connectEnabled, user.cloudExtension(), user.sipTieTrunk(), user.callerId(),
                user.callTimeoutSeconds(), new Voicemail(voicemail.pin() != null, voicemail.operator(),
                        voicemail.autoDeletePeriodDays(), voicemail.transcription(), voicemail.notificationEmails(),
                        voicemail.smsNumber()),
                command.importId(), command.row(), createdAt);
    }

    /**
     * The user's voicemail settings. The PIN itself is not published: {@code pinSet} says whether
     * the administrator gave one (the phone system receives it through the directory, not events).
     */
    public record Voicemail(boolean pinSet, String operator, Integer autoDeletePeriodDays, boolean transcription,
            List<String> notificationEmails, String smsNumber) {
    }
}
