package com.bulkimport.provisioning.users;

import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordDelivery;

/**
 * Which emails a created user gets (SPEC flow step 8). The temporary-password email goes as the
 * import's delivery option says: to the user (the default), to the specified address (one per
 * user, naming the user), or not at all. The welcome email goes to the user when CONNECT is
 * activated for that user (CONNECT chosen and a primary number given: a welcome without a phone
 * would promise one that is not there) and the account was not in silent mode when the import
 * started, whatever the password option.
 */
final class EmailRules {

    /** One email to ask for: what kind, and to whom. */
    record Email(Kind kind, String to) {
    }

    private EmailRules() {
    }

    static List<Email> emailsFor(ImportOptions options, boolean silentMode, boolean connectActivated, String userEmail) {
        List<Email> emails = new ArrayList<>();
        PasswordDelivery delivery = options.passwordDelivery() == null ? PasswordDelivery.USER_EMAIL
                : options.passwordDelivery();
        if (delivery == PasswordDelivery.USER_EMAIL) {
            emails.add(new Email(Kind.TEMPORARY_PASSWORD, userEmail));
        } else if (delivery == PasswordDelivery.SPECIFIED_ADDRESS) {
            emails.add(new Email(Kind.TEMPORARY_PASSWORD, options.passwordAddress()));
        }
        if (connectActivated && !silentMode) {
            emails.add(new Email(Kind.WELCOME, userEmail));
        }
        return emails;
    }
}
