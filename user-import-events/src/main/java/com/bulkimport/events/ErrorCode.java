package com.bulkimport.events;

/**
 * Stable codes of row errors and not-created reasons; clients may rely on them. Each code's
 * sentence is written where the rule finds it, naming the value.
 */
public enum ErrorCode {
    // any column
    REQUIRED,
    TOO_LONG,
    CONTROL_CHARACTERS,
    ACCOUNT_UNKNOWN,
    // Display Name
    DISPLAY_NAME_CHARACTERS,
    DISPLAY_NAME_PARENTHESES,
    // Email Address, Email for Voicemail Notification
    EMAIL_INVALID,
    EMAIL_DUPLICATE_IN_FILE,
    EMAIL_EXISTS,
    // Subscription License Type
    LICENCE_TYPE_REQUIRED,
    LICENCE_TYPE_UNKNOWN,
    LICENCE_TAKEN,
    // phone numbers
    NUMBER_INVALID,
    NUMBER_SCIENTIFIC_NOTATION,
    NUMBER_NOT_IN_INVENTORY,
    NUMBER_NOT_PARKED,
    NUMBER_TOLL_FREE,
    NUMBER_DUPLICATE_IN_FILE,
    NUMBER_TAKEN,
    ADDITIONAL_WITHOUT_PRIMARY,
    CALLER_ID_NOT_ATTESTED,
    SMS_NUMBER_INVALID,
    VOICEMAIL_OPERATOR_INVALID,
    // Extension
    EXTENSION_INVALID,
    EXTENSION_IN_USE,
    EXTENSION_DUPLICATE_IN_FILE,
    NO_FREE_EXTENSION,
    // Voice Location
    LOCATION_UNKNOWN,
    // Cloud Extension, SIP Tie Trunk Name
    BRIDGE_FIELDS_NOT_ALLOWED,
    BRIDGE_FIELDS_INCOMPLETE,
    CLOUD_EXTENSION_INVALID,
    TRUNK_UNKNOWN,
    // settings
    TIME_ZONE_INVALID,
    CALL_TIMEOUT_INVALID,
    VOICEMAIL_PIN_INVALID,
    VOICEMAIL_PIN_DUPLICATE_IN_FILE,
    AUTO_DELETE_INVALID,
    TRANSCRIPTION_INVALID
}
