package com.bulkimport.validation.gate;

import static com.bulkimport.events.TemplateColumn.ADDITIONAL_NUMBERS;
import static com.bulkimport.events.TemplateColumn.AUTO_DELETE_VOICEMAIL;
import static com.bulkimport.events.TemplateColumn.CALLER_ID;
import static com.bulkimport.events.TemplateColumn.CALL_TIMEOUT;
import static com.bulkimport.events.TemplateColumn.CLOUD_EXTENSION;
import static com.bulkimport.events.TemplateColumn.DEPARTMENT;
import static com.bulkimport.events.TemplateColumn.DISPLAY_NAME;
import static com.bulkimport.events.TemplateColumn.EMAIL;
import static com.bulkimport.events.TemplateColumn.EXTENSION;
import static com.bulkimport.events.TemplateColumn.FIRST_NAME;
import static com.bulkimport.events.TemplateColumn.JOB_TITLE;
import static com.bulkimport.events.TemplateColumn.LAST_NAME;
import static com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER;
import static com.bulkimport.events.TemplateColumn.SIP_TIE_TRUNK;
import static com.bulkimport.events.TemplateColumn.SMS_ON_VOICEMAIL;
import static com.bulkimport.events.TemplateColumn.TIME_ZONE;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_EMAIL;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_OPERATOR;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_PIN;
import static com.bulkimport.events.TemplateColumn.VOICEMAIL_TRANSCRIPTION;
import static com.bulkimport.events.TemplateColumn.VOICE_LOCATION;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.bulkimport.events.NewUser;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.validation.rules.Digits;
import com.bulkimport.validation.rules.RowContext;

/**
 * Reads a row the rules passed into the {@link NewUser} provisioning creates: once, here, so that
 * provisioning parses nothing. Numbers, the location and the trunk are as the rules normalised
 * them (E.164, the account's spelling); the other values as written, trimmed, typed where they
 * are numbers, flags or lists. A number the rules did not normalise (CONNECT off, or a row only
 * checked by its email) is left out: provisioning would not give it.
 */
final class NewUserReader {

    private NewUserReader() {
    }

    static NewUser read(RowContext row, Map<TemplateColumn, String> normalised,
            Map<TemplateColumn, List<String>> normalisedLists) {
        NewUser.Voicemail voicemail = new NewUser.Voicemail(optional(row, VOICEMAIL_PIN),
                optional(row, VOICEMAIL_OPERATOR), wholeNumber(row.value(AUTO_DELETE_VOICEMAIL)),
                row.value(VOICEMAIL_TRANSCRIPTION).equalsIgnoreCase("YES"),
                Arrays.stream(row.value(VOICEMAIL_EMAIL).split(";")).map(String::strip).filter(e -> !e.isEmpty()).toList(),
                optional(row, SMS_ON_VOICEMAIL));
        return new NewUser(row.value(EMAIL), row.value(DISPLAY_NAME), optional(row, FIRST_NAME),
                optional(row, LAST_NAME), optional(row, JOB_TITLE), optional(row, DEPARTMENT),
                normalised.get(PRIMARY_NUMBER), normalisedLists.getOrDefault(ADDITIONAL_NUMBERS, List.of()),
                optional(row, EXTENSION), normalised.getOrDefault(VOICE_LOCATION, optional(row, VOICE_LOCATION)),
                optional(row, CLOUD_EXTENSION), normalised.getOrDefault(SIP_TIE_TRUNK, optional(row, SIP_TIE_TRUNK)),
                optional(row, TIME_ZONE), optional(row, CALLER_ID), wholeNumber(row.value(CALL_TIMEOUT)), voicemail);
    }

    /** The trimmed value, or null for an empty cell. */
    private static String optional(RowContext row, TemplateColumn column) {
        String value = row.value(column);
        return value.isEmpty() ? null : value;
    }

    /** A whole number the rules checked; null for an empty cell. */
    private static Integer wholeNumber(String value) {
        return Digits.only(value, 1, 9) ? Integer.valueOf(value) : null;
    }
}
