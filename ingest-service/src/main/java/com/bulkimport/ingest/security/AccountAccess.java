package com.bulkimport.ingest.security;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;

/**
 * Which accounts each administrator may act on. Anything under another account answers 404, as if
 * it did not exist, so that one administrator cannot learn of another account's imports.
 */
public class AccountAccess {

    private final Map<String, List<String>> grants;

    public AccountAccess(Map<String, List<String>> grants) {
        this.grants = Map.copyOf(grants);
    }

    public boolean mayActOn(Authentication who, String accountId) {
        return accountsOf(who).contains(accountId);
    }

    /** The accounts granted to this administrator, in the order granted. */
    public List<String> accountsOf(Authentication who) {
        return who == null ? List.of() : grants.getOrDefault(who.getName(), List.of());
    }
}
