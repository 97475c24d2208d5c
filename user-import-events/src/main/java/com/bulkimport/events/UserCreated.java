package com.bulkimport.events;

import java.time.Instant;
import java.util.List;

/**
 * The public event downstream systems (phone switching, billing, directory sync) consume: one per
 * created user, exactly once. Never holds a password. {@code schemaVersion} changes only
 * additively within {@code user-created.v1}.
 */
public record UserCreated(int schemaVersion, String accountId, String userId, String email,
        String displayName, String firstName, String lastName, String jobTitle, String department,
        String licenceType, String extension, List<String> numbers, String location, String timeZone,
        boolean connectEnabled, String importId, int row, Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;
}
