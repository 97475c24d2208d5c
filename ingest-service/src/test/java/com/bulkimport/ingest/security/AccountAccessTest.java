package com.bulkimport.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The one rule of which accounts an administrator may act on, whichever way the grants come. */
class AccountAccessTest {

    private final AccountAccess fromClaim = AccountAccess.fromClaim("bulkimport_accounts");

    @Test
    void shouldReadTheClaimOfABearerTokenAsAListOrASeparatedString() {
        assertThat(fromClaim.accountsOf(jwt(List.of("demo", "demo-small", "demo")))).containsExactly("demo", "demo-small");
        assertThat(fromClaim.accountsOf(jwt("demo-small, demo\tother"))).containsExactly("demo-small", "demo", "other");
        assertThat(fromClaim.accountsOf(jwt(" "))).isEmpty();
        assertThat(fromClaim.accountsOf(jwt(42))).isEmpty();
        assertThat(fromClaim.mayActOn(jwt(List.of("demo")), "demo")).isTrue();
        assertThat(fromClaim.mayActOn(jwt(List.of("demo")), "demo-small")).isFalse();
        assertThat(fromClaim.mayActOn(jwt(null), "demo")).isFalse();
    }

    @Test
    void shouldReadTheClaimOfAnOpenIdConnectUser() {
        var idToken = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "frank", "bulkimport_accounts", List.of("demo-small")));
        var user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken);
        var signedIn = new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp");
        assertThat(fromClaim.accountsOf(signedIn)).containsExactly("demo-small");
    }

    @Test
    void shouldGrantByNameInTheLocalProfileAndNothingToNobody() {
        var byName = AccountAccess.byName(Map.of("demo-admin", List.of("demo")));
        var admin = UsernamePasswordAuthenticationToken.authenticated("demo-admin", "x", List.of());
        assertThat(byName.accountsOf(admin)).containsExactly("demo");
        assertThat(byName.accountsOf(UsernamePasswordAuthenticationToken.authenticated("someone", "x", List.of()))).isEmpty();
        assertThat(byName.accountsOf(UsernamePasswordAuthenticationToken.unauthenticated("demo-admin", "x"))).isEmpty();
        assertThat(byName.accountsOf(null)).isEmpty();
    }

    private static JwtAuthenticationToken jwt(Object accounts) {
        var token = Jwt.withTokenValue("t").header("alg", "RS256").subject("carol");
        if (accounts != null) {
            token.claim("bulkimport_accounts", accounts);
        }
        return new JwtAuthenticationToken(token.build(), List.of());
    }
}
