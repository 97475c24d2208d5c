package com.bulkimport.notification.delivery;

/** An email that can never be sent as requested (no password to put in it, an address that is not one): given up at once. */
public class UnsendableEmailException extends RuntimeException {

    public UnsendableEmailException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnsendableEmailException(String message) {
        super(message);
    }
}
