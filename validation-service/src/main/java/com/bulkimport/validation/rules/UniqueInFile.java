package com.bulkimport.validation.rules;

/**
 * The values that only one row of a file may give (SPEC: "unique in the file"), each claimed with
 * {@link RowContext#claimUnique}. {@code key} names the kind in the store of claims, unchanged so
 * that the claims of an import being gathered stay valid across versions.
 */
public enum UniqueInFile {
    EMAIL("email"),
    NUMBER("number"),
    EXTENSION("extension"),
    VOICEMAIL_PIN("pin");

    private final String key;

    UniqueInFile(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
