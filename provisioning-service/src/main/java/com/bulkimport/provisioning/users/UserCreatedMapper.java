package com.bulkimport.provisioning.users;

import java.time.Instant;

import com.bulkimport.events.NewUser;
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
        NewUser user = cmd.user();
        NewUser.Voicemail voicemail = user.voicemail() == null ? NewUser.Voicemail.none() : user.voicemail();
        return new UserCreated(UserCreated.SCHEMA_VERSION, cmd.accountId(), given.userId(), user.email(),
                user.displayName(), user.firstName(), user.lastName(), user.jobTitle(), user.department(),
                given.licenceType(), given.extension(), given.numbers(), given.location(), user.timeZone(),
                given.connectActivated(), user.cloudExtension(), user.sipTieTrunk(), user.callerId(),
                user.callTimeoutSeconds(), new UserCreated.Voicemail(voicemail.pin() != null, voicemail.operator(),
                        voicemail.autoDeletePeriodDays(), voicemail.transcription(), voicemail.notificationEmails(),
                        voicemail.smsNumber()),
                cmd.importId(), cmd.row(), createdAt);
    }
}
