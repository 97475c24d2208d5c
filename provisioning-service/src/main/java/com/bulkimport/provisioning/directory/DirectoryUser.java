package com.bulkimport.provisioning.directory;

import java.util.List;
import java.util.Map;

/**
 * A user of the account as the directory keeps it: what it was given (licence, extension, numbers,
 * location) and the settings of its row (time zone, caller ID, call timeout, voicemail, Bridge
 * fields), by template header. {@code importId} is null for a user created outside the pipeline.
 */
public record DirectoryUser(String userId, String email, String displayName, String licenceType, String extension,
        List<String> numbers, String location, boolean connectEnabled, Map<String, String> settings, String importId,
        int row) {

    /** A user the platform told us about (created outside this pipeline). */
    public static DirectoryUser registered(String email, String licenceType, String extension, List<String> numbers) {
        return new DirectoryUser(null, email, null, licenceType, extension, numbers, null, !numbers.isEmpty(), Map.of(),
                null, 0);
    }
}
