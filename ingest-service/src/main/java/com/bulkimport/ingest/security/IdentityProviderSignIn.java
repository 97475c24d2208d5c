package com.bulkimport.ingest.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestTemplate;

/**
 * Every profile but {@code local}: the platform's OpenID Connect identity provider. Programs send
 * its access token ({@code Authorization: Bearer}, a JWT checked against the issuer's keys, issuer,
 * expiry and, if configured, audience); the page signs in with OpenID Connect (authorization code)
 * and signing out ends the session here and, if the provider supports it, there. The accounts an
 * administrator may act on are the token's {@code bulkimport.security.accounts-claim}.
 * <p>
 * Refuses to start without the issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri})
 * or without exactly one client registration ({@code spring.security.oauth2.client.registration.*}).
 */
@Configuration
@Profile("!" + LocalSignIn.PROFILE)
class IdentityProviderSignIn implements SignIn {

    static final String ISSUER_SETTING = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String REGISTRATION_SETTING = "spring.security.oauth2.client.registration.<id>";

    private final ClientRegistrationRepository registrations;
    private final String registrationId;
    private final String accountsClaim;
    private final Duration timeout;

    IdentityProviderSignIn(@Value("${" + ISSUER_SETTING + ":}") String issuer,
            ObjectProvider<ClientRegistrationRepository> registrations,
            SecuritySettings settings) {
        String accountsClaim = settings.accountsClaim();
        if (!StringUtils.hasText(issuer)) {
            throw new SignInNotConfigured("No identity provider issuer is configured (" + ISSUER_SETTING + ").",
                    "Set " + ISSUER_SETTING + " to the OpenID Connect provider's issuer URI, and the page's client in "
                            + REGISTRATION_SETTING + ".*; or run with the Spring profile 'local' for the demo administrators.");
        }
        this.registrations = registrations.getIfAvailable();
        List<ClientRegistration> known = new ArrayList<>();
        if (this.registrations instanceof Iterable<?> all) {
            all.forEach(r -> known.add((ClientRegistration) r));
        }
        if (known.size() != 1) {
            throw new SignInNotConfigured("The page needs exactly one OpenID Connect client registration; found " + known.size()
                    + " (" + REGISTRATION_SETTING + ").",
                    "Set " + REGISTRATION_SETTING + ".client-id, .client-secret and .scope (openid), and "
                            + "spring.security.oauth2.client.provider.<id>.issuer-uri.");
        }
        if (!StringUtils.hasText(accountsClaim)) {
            throw new SignInNotConfigured("bulkimport.security.accounts-claim is empty.",
                    "Name the token claim that lists the accounts an administrator may act on.");
        }
        this.registrationId = known.get(0).getRegistrationId();
        this.accountsClaim = accountsClaim;
        this.timeout = settings.identityProviderTimeout();
    }

    @Override
    public void programs(HttpSecurity http, AuthenticationEntryPoint unauthorized) throws Exception {
        http.oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()).authenticationEntryPoint(unauthorized));
    }

    @Override
    public void page(HttpSecurity http, AuthenticationEntryPoint unauthorized) throws Exception {
        var signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/");
        http.oauth2Login(o -> o.loginPage(signInUrl()).defaultSuccessUrl("/", true)
                // a failed sign-in (refused at the provider, a stale state) says so, rather than starting over
                .failureHandler(unauthorized::commence))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler(signedOut));
    }

    @Override
    public String signInUrl() {
        return "/oauth2/authorization/" + registrationId;
    }

    @Override
    public String signInPage() {
        return "redirect:" + signInUrl();
    }

    @Override
    public String challenge() {
        return "Bearer";
    }

    @Bean
    AccountAccess accountAccess() {
        return AccountAccess.fromClaim(accountsClaim);
    }

    /** The issuer's discovery document and keys are fetched with a bounded wait, never an endless one. */
    @Bean
    JwkSetUriJwtDecoderBuilderCustomizer boundedKeyFetch() {
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        RestTemplate rest = new RestTemplate(requests);
        return builder -> builder.restOperations(rest);
    }
}
