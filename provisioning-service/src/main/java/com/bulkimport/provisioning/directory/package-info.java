/**
 * Provisioning's directory of each account, kept from the platform's account events
 * ({@link com.bulkimport.provisioning.directory.DirectoryUpdater}, which names its stores), with the
 * users it knows ({@link com.bulkimport.provisioning.directory.DirectoryUser}).
 */
package com.bulkimport.provisioning.directory;
