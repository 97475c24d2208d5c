/**
 * The provisioning service: the single writer of each account's directory (numbers, extensions,
 * licences, users). It creates users from released rows, exactly once, checking again what
 * validation saw, and tells the rest of the pipeline and the world.
 */
package com.bulkimport.provisioning;
