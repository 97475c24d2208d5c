package com.bulkimport.events;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * What counts as an email address everywhere: a row's addresses and the upload's
 * {@code passwordAddress} are checked by this one rule, Jakarta Mail's strict parser.
 */
public final class EmailAddresses {

    private EmailAddresses() {
    }

    /** A bare address (no personal name, no angle brackets) with a dotted domain, valid by RFC 822 strict parsing. */
    public static boolean isValid(String email) {
        if (email == null) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(email, true);
            address.validate();
            return address.getPersonal() == null && address.getAddress().equals(email)
                    && email.substring(email.indexOf('@') + 1).contains(".");
        } catch (AddressException e) {
            return false;
        }
    }
}
