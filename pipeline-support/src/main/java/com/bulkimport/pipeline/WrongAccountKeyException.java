package com.bulkimport.pipeline;

/**
 * A record refused because its key is not the account it is of (or it has no value): read as it
 * is, it would change another account's state, or land on another account's partition. The
 * pipeline's processing exception handler sends it to the dead-letter topic with this message.
 */
public class WrongAccountKeyException extends RuntimeException {

    public WrongAccountKeyException(String message) {
        super(message);
    }
}
