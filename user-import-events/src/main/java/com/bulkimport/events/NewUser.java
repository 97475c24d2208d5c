package com.bulkimport.events;

import java.util.ArrayList;
import java.util.List;

/**
 * A user to create, as validation read its row: values trimmed, typed and normalised once, so that
 * provisioning parses nothing again. Numbers are E.164, primary first; the location and the trunk
 * are in the account's own spelling. An empty cell is {@code null} (an empty list for lists).
 * The voicemail PIN is here for the directory; it never leaves provisioning in an event.
 */
public record NewUser(String email, String displayName, String firstName, String lastName, String jobTitle,
        String department, String primaryNumber, List<String> additionalNumbers, String extension, String location,
        String cloudExtension, String sipTieTrunk, String timeZone, String callerId, Integer callTimeoutSeconds,
        Voicemail voicemail) {

    /** The user's voicemail settings. */
    public record Voicemail(String pin, String operator, Integer autoDeletePeriodDays, boolean transcription,
            List<String> notificationEmails, String smsNumber) {

        public static Voicemail none() {
            return new Voicemail(null, null, null, false, List.of(), null);
        }
    }

    /** A user with a name, an email and a primary number (null: none), every other value empty. */
    public static NewUser of(String email, String displayName, String primaryNumber) {
        return new NewUser(email, displayName, null, null, null, null, primaryNumber, List.of(), null, null, null, null,
                null, null, null, Voicemail.none());
    }

    /** The numbers the user asked for, primary first; empty without a primary number. */
    public List<String> requestedNumbers() {
        List<String> numbers = new ArrayList<>();
        if (primaryNumber != null) {
            numbers.add(primaryNumber);
            if (additionalNumbers != null) {
                numbers.addAll(additionalNumbers);
            }
        }
        return numbers;
    }
}
