package com.bulkimport.events;

/**
 * A contract record of one account. Every topic of the pipeline is keyed by account id; a record
 * whose key is not its own {@link #accountId()} is refused by the services (dead-lettered), so that
 * it cannot land on another account's partition and change another account's state.
 */
public interface AccountKeyed {

    /** The account the record is of: its key on every topic. */
    String accountId();
}
