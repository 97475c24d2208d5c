/**
 * Who may do what: HTTP Basic sign-in and the endpoints' rules, the accounts each administrator
 * may act on ({@link com.bulkimport.ingest.security.AccountAccess}), and the guard every account
 * endpoint goes through ({@link com.bulkimport.ingest.security.AccountGuard}): anything under another
 * account answers 404, as if it did not exist.
 */
package com.bulkimport.ingest.security;
