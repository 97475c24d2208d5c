/**
 * Creating users: each {@code ProvisionUser} applied once against the directory
 * ({@link com.bulkimport.provisioning.users.UserProvisioner}), with the extension allocator, the
 * mapper of the public {@code user created} event and the rules of which emails to ask for.
 */
package com.bulkimport.provisioning.users;
