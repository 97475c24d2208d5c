/**
 * The administrator's page: the static wizard in {@code resources/static} (plain JavaScript modules
 * on the same JSON API as curl) and the few calls only a browser needs: who is signed in, with
 * which accounts and which CSRF token, and the sign-in page.
 */
package com.bulkimport.ingest.page;
