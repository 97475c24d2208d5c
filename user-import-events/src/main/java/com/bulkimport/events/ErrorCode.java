package com.bulkimport.events;

/** Stable codes of row errors and not-created reasons; clients may rely on them. */
public enum ErrorCode {
    REQUIRED,
    TOO_LONG,
    ACCOUNT_UNKNOWN,
    EMAIL_INVALID,
    EMAIL_DUPLICATE_IN_FILE,
    EMAIL_EXISTS,
    LICENCE_TYPE_REQUIRED,
    LICENCE_TYPE_UNKNOWN,
    LICENCE_TAKEN,
    EXTENSION_IN_USE,
    NO_FREE_EXTENSION,
    NUMBER_TAKEN
}
