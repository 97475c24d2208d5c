package com.bulkimport.events;

/** Where the temporary passwords of an import go. */
public enum PasswordDelivery {
    /** To each user's own email address. */
    USER_EMAIL,
    /** To one address the administrator names: one email per user, each with that user's password. */
    SPECIFIED_ADDRESS,
    /** Nowhere: the administrator resets passwords later. */
    NONE
}
