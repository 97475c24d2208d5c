package com.bulkimport.ingest.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Which accounts each administrator may act on. Anything under another account answers 404, as if
 * it did not exist, so that one administrator cannot learn of another account's imports.
 * <p>
 * Where the grants come from depends on how one signs in: in the local profile from the demo
 * fixture (by user name); in production from a claim of the identity provider's token (the access
 * token of a program, the ID token or user info of a signed-in page), a list of account ids or one
 * string of ids separated by spaces or commas.
 */
public final class AccountAccess {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private final Function<Authentication, List<String>> grants;

    private AccountAccess(Function<Authentication, List<String>> grants) {
        this.grants = grants;
    }

    /** Grants by user name (the local profile's demo administrators). */
    public static AccountAccess byName(Map<String, List<String>> grants) {
        Map<String, List<String>> copy = Map.copyOf(grants);
        return new AccountAccess(who -> copy.getOrDefault(who.getName(), List.of()));
    }

    /** Grants from the token claim of this name, for JWT bearer tokens and OpenID Connect users alike. */
    public static AccountAccess fromClaim(String claim) {
        return new AccountAccess(who -> accountIds(claimOf(who, claim)));
    }

    public boolean mayActOn(Authentication who, String accountId) {
        return accountsOf(who).contains(accountId);
    }

    /** The accounts granted to this administrator, in the order granted. */
    public List<String> accountsOf(Authentication who) {
        return who == null || !who.isAuthenticated() ? List.of() : grants.apply(who);
    }

    /** A JWT ({@code Jwt}) and an OpenID Connect user ({@code OidcUser}) are both claim accessors. */
    private static Object claimOf(Authentication who, String claim) {
        Object principal = who.getPrincipal();
        if (principal instanceof ClaimAccessor claims) {
            return claims.getClaims().get(claim);
        }
        if (principal instanceof OAuth2AuthenticatedPrincipal user) {
            return user.getAttribute(claim);
        }
        return null;
    }

    static List<String> accountIds(Object value) {
        var ids = value instanceof Collection<?> list ? list.stream().filter(Objects::nonNull).map(Object::toString)
                : value instanceof String text ? Arrays.stream(SEPARATORS.split(text)) : java.util.stream.Stream.<String>empty();
        return ids.map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
    }
}
