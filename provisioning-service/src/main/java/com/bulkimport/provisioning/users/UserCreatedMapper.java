package com.bulkimport.provisioning.users;

import java.time.Instant;

import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.UserCreated;

/**
 * The public {@link UserCreated} event of a created user: its row as validation read it, and what
 * it was given. Never a password; of the voicemail PIN only whether one was set.
 */
final class UserCreatedMapper {

    private UserCreatedMapper() {
    }

    static UserCreated map(ProvisionUser cmd, Allocation given, Instant createdAt) {
        return UserCreated.of(cmd, given.userId(), given.licenceType(), given.extension(), given.numbers(),
                given.location(), given.connectActivated(), createdAt);
    }
}
