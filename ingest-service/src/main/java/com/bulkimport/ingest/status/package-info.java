/**
 * The status API: an import's status with its row errors (paged), the account's imports and the
 * users created, read from the import view.
 */
package com.bulkimport.ingest.status;
