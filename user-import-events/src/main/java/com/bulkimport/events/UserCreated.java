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
     * The user's voicemail settings. The PIN itself is not published: {@code pinSet} says whether
     * the administrator gave one (the phone system receives it through the directory, not events).
     */
    public record Voicemail(boolean pinSet, String operator, Integer autoDeletePeriodDays, boolean transcription,
            List<String> notificationEmails, String smsNumber) {
    }
}
