package com.bulkimport.events;

/** The options an administrator chose with the upload. */
public record ImportOptions(boolean connect, boolean callerIdAttested, PasswordDelivery passwordDelivery,
        String passwordAddress, boolean validateOnly, boolean skipExisting) {

    public static ImportOptions defaults() {
        return new ImportOptions(true, false, PasswordDelivery.USER_EMAIL, null, false, false);
    }
}
