/**
 * The validation service: checks every row of an import against the rules and its view of the
 * account, gathers the rows, and decides the import's gate once. It creates nothing and assigns
 * nothing: provisioning alone writes the account directory.
 */
package com.bulkimport.validation;
