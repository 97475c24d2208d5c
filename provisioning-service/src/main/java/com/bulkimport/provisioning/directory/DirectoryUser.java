package com.bulkimport.provisioning.directory;

import java.util.List;

import com.bulkimport.events.NewUser;
import com.bulkimport.events.account.AccountUser;

/**
 * A user of the account as the directory keeps it: what it was given (licence, extension, numbers,
 * location) and its row as validation read it ({@code asked}: time zone, caller ID, call timeout,
 * voicemail, Bridge fields). {@code importId} and {@code asked} are null for a user created
 * outside the pipeline.
 */
public record DirectoryUser(String userId, String email, String displayName, String licenceType, String extension,
        List<String> numbers, String location, boolean connectEnabled, NewUser asked, String importId, int row) {

    /** A user the platform told us about (created outside this pipeline). */
    public static DirectoryUser registered(AccountUser user) {
        return new DirectoryUser(null, user.email(), null, user.licenceType(), user.extension(), user.numbers(), null,
                !user.numbers().isEmpty(), null, null, 0);
    }
}
