package com.bulkimport.validation.account;

/** A number of the account's inventory as validation last saw it: toll-free or not, parked or whose. */
public record KnownNumber(String number, boolean tollFree, String assignedTo) {

    public boolean parked() {
        return assignedTo == null;
    }
}
