package com.bulkimport.events.account;

/**
 * A number (E.164) of the account's inventory: toll-free or not, and the user it is assigned to
 * ({@code null}: parked, free to give).
 */
public record AccountNumber(String number, boolean tollFree, String assignedTo) {

    public boolean parked() {
        return assignedTo == null;
    }

    public AccountNumber assignTo(String userEmail) {
        return new AccountNumber(number, tollFree, userEmail);
    }
}
