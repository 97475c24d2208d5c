/**
 * Validation's view of each account, kept from the platform's account events and the users
 * provisioning created ({@link com.bulkimport.validation.account.AccountViewUpdater}, which names
 * its stores). It may lag provisioning, which checks again.
 */
package com.bulkimport.validation.account;
