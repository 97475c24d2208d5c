/**
 * An account's state as the pipeline keeps it, and the one way to change it: {@link
 * com.bulkimport.events.account.AccountChange#apply} turns an account event, or a user the pipeline
 * created, into what changes (the account's record, its numbers, its extensions, a new user). The
 * function is pure; each service writes the change to its own stores and keeps only what it needs.
 */
package com.bulkimport.events.account;
