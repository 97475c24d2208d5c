package com.bulkimport.events;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of the account's CSV template, in template order, with their exact header names.
 * The template, the upload parser, the row rules and the exports all use this one definition.
 */
public enum TemplateColumn {
    DISPLAY_NAME("Display Name (Mandatory)", true, false),
    EMAIL("Email Address (Mandatory)", true, false),
    LICENCE_TYPE("Subscription License Type", false, false),
    FIRST_NAME("First Name (Optional)", false, false),
    LAST_NAME("Last Name (Optional)", false, false),
    JOB_TITLE("Job Title (Optional)", false, false),
    DEPARTMENT("Department (Optional)", false, false),
    PRIMARY_NUMBER("Primary Phone Number (Optional)", false, false),
    ADDITIONAL_NUMBERS("Additional Phone Numbers (Optional)", false, false),
    EXTENSION("Extension (Optional)", false, false),
    VOICE_LOCATION("Voice Location (Optional)", false, false),
    CLOUD_EXTENSION("Cloud Extension (Optional)", false, true),
    SIP_TIE_TRUNK("SIP Tie Trunk Name (Optional)", false, true),
    TIME_ZONE("Time Zone (Optional)", false, false),
    CALLER_ID("Caller ID (Optional)", false, false),
    CALL_TIMEOUT("Call Timeout (Optional)", false, false),
    VOICEMAIL_PIN("Voicemail PIN (Optional)", false, false),
    VOICEMAIL_OPERATOR("Voicemail Operator Number (Optional)", false, false),
    AUTO_DELETE_VOICEMAIL("Auto Delete Voicemail Period (Optional)", false, false),
    VOICEMAIL_TRANSCRIPTION("Voicemail Transcription Setting (Optional)", false, false),
    VOICEMAIL_EMAIL("Email for Voicemail Notification (Optional)", false, false),
    SMS_ON_VOICEMAIL("SMS Notification on Voicemail (Optional)", false, false);

    /** The column that exports add after the template's columns; ignored on upload. */
    public static final String IMPORT_ERRORS = "Import Errors";

    private final String header;
    private final boolean mandatory;
    private final boolean onPremisesOnly;

    TemplateColumn(String header, boolean mandatory, boolean onPremisesOnly) {
        this.header = header;
        this.mandatory = mandatory;
        this.onPremisesOnly = onPremisesOnly;
    }

    public String header() {
        return header;
    }

    /**
     * Mandatory in every file. {@code Subscription License Type} is not: it may be left out when
     * the account has a single licence type.
     */
    public boolean mandatory() {
        return mandatory;
    }

    /** Present only in the template of an account with on-premises integration. */
    public boolean onPremisesOnly() {
        return onPremisesOnly;
    }

    /** The template's columns for an account, in order. */
    public static List<TemplateColumn> forAccount(boolean onPremisesIntegration) {
        return Arrays.stream(values()).filter(c -> onPremisesIntegration || !c.onPremisesOnly).toList();
    }

    /** The column a header names, ignoring letter case, surrounding spaces and a byte-order mark. */
    public static Optional<TemplateColumn> byHeader(String header) {
        String wanted = normalise(header);
        return Arrays.stream(values()).filter(c -> normalise(c.header).equals(wanted)).findFirst();
    }

    /** The form in which headers are compared. */
    public static String normalise(String header) {
        return header == null ? "" : header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
    }
}
