package com.bulkimport.provisioning.directory;

/** A number of the account's inventory: toll-free or not, and the user it is assigned to (null: parked). */
public record NumberEntry(String number, boolean tollFree, String assignedTo) {

    public boolean parked() {
        return assignedTo == null;
    }

    public NumberEntry assignTo(String user) {
        return new NumberEntry(number, tollFree, user);
    }
}
