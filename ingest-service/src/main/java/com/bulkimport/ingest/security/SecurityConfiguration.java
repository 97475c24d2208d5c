package com.bulkimport.ingest.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;

import com.bulkimport.events.DemoFixture;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.Problems;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may call what. Two doors, one rule:
 * <ul>
 * <li><b>Programs</b> (curl, scripts): every request that carries an {@code Authorization} header.
 * Stateless, no session, no CSRF (a browser never adds that header on its own to a cross-site
 * request). In the local run and the tests: HTTP Basic with the demo fixture's administrators.</li>
 * <li><b>The page</b> (a browser): everything else. A session cookie after signing in, CSRF
 * protection on every request that changes something, a Content Security Policy without inline
 * scripts. In the local run: a sign-in form for the demo administrators.</li>
 * </ul>
 * The page itself knows nothing of how one signs in: an unauthenticated page request is sent to the
 * sign-in page this configuration names, and {@code /api/me} tells the page who is signed in, the
 * accounts granted, and the CSRF token. Without {@code bulkimport.security.demo-administrators} no
 * administrator exists here (production signs in with the platform's identity provider, not built
 * yet). Either way {@link AccountAccess} decides which accounts an administrator may act on.
 * Health, the OpenAPI description and the sign-in page's assets are open.
 */
@Configuration
class SecurityConfiguration {

    /** Scripts, styles, images and connections from this origin only; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; object-src 'none'";
    static final String LOGIN_PAGE = "/login";
    private static final String[] OPEN = { "/actuator/health/**", "/actuator/health", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html", "/error", "/login.html", "/app.css", "/js/login.js", "/favicon.svg", "/api/csrf" };

    private final boolean demoAdministrators;

    SecurityConfiguration(@Value("${bulkimport.security.demo-administrators:false}") boolean demoAdministrators) {
        this.demoAdministrators = demoAdministrators;
    }

    /** Programs: a request with credentials of its own in the Authorization header. */
    @Bean
    @Order(1)
    SecurityFilterChain programs(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null)
                .authorizeHttpRequests(SecurityConfiguration::rules)
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e.accessDeniedHandler(problemForbidden()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.addHeaderWriter(contentSecurityPolicy()));
        if (demoAdministrators) {
            http.httpBasic(Customizer.withDefaults());
        }
        return http.build();
    }

    /** The page: a session after signing in, CSRF on every change, API calls answered 401 rather than redirected. */
    @Bean
    @Order(2)
    SecurityFilterChain page(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(SecurityConfiguration::rules)
                .headers(h -> h.addHeaderWriter(contentSecurityPolicy()))
                .exceptionHandling(e -> e.authenticationEntryPoint(signInFirst()).accessDeniedHandler(problemForbidden()))
                // No saved request: a signed-out API call must not start a session; sign-in leads to the page.
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl(LOGIN_PAGE + "?signed-out"));
        if (demoAdministrators) {
            http.formLogin(f -> f.loginPage(LOGIN_PAGE).defaultSuccessUrl("/", true).failureUrl(LOGIN_PAGE + "?error").permitAll());
        }
        return http.build();
    }

    private static void rules(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
        // Forwards and error pages are dispatched by the server itself after the request was checked;
        // the progress stream's asynchronous dispatch belongs to a request that was.
        a.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                .requestMatchers(OPEN).permitAll()
                .requestMatchers(LOGIN_PAGE).permitAll()
                .anyRequest().authenticated();
    }

    /** Swagger UI is a third-party page with inline code; every other answer carries the strict policy. */
    private static DelegatingRequestMatcherHeaderWriter contentSecurityPolicy() {
        return new DelegatingRequestMatcherHeaderWriter(request -> !request.getRequestURI().startsWith("/swagger-ui"),
                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY));
    }

    /** A page request without a session goes to the sign-in page; an API call gets 401. */
    private AuthenticationEntryPoint signInFirst() {
        AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE);
        AuthenticationEntryPoint api = apiUnauthorized();
        return (request, response, e) -> (request.getRequestURI().startsWith("/api/") ? api : signIn)
                .commence(request, response, e);
    }

    /**
     * An API call without credentials: 401 as problem details. Programs are told they may use HTTP
     * Basic; the page's own calls ({@code X-Requested-With}) and its event stream are not, so that
     * a browser never opens its Basic sign-in dialog over the page.
     */
    private AuthenticationEntryPoint apiUnauthorized() {
        return (request, response, e) -> {
            boolean fromPage = request.getHeader("X-Requested-With") != null
                    || String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains(MediaType.TEXT_EVENT_STREAM_VALUE);
            if (demoAdministrators && !fromPage) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"bulk user import\"");
            }
            writeProblem(response, ApiErrorCode.UNAUTHENTICATED);
        };
    }

    /** 403 (a missing or stale CSRF token, or access denied) as problem details, like every other refusal. */
    private static AccessDeniedHandler problemForbidden() {
        return (request, response, e) -> writeProblem(response,
                e instanceof CsrfException ? ApiErrorCode.CSRF_TOKEN_MISSING : ApiErrorCode.ACCESS_DENIED);
    }

    /** Written here, before Spring MVC: security answers outside the controllers' exception handlers. */
    private static void writeProblem(HttpServletResponse response, ApiErrorCode code) throws IOException {
        Problems.write(response, code.refused());
    }

    @Bean
    AccountAccess accountAccess() {
        if (!demoAdministrators) {
            return new AccountAccess(Map.of());
        }
        return new AccountAccess(DemoFixture.load().administrators().stream()
                .collect(Collectors.toMap(DemoFixture.Administrator::username, DemoFixture.Administrator::accounts)));
    }

    @Bean
    InMemoryUserDetailsManager administrators() {
        List<UserDetails> users = !demoAdministrators ? List.of()
                : DemoFixture.load().administrators().stream()
                        .map(a -> User.withUsername(a.username()).password("{noop}" + a.password()).roles("ADMIN").build())
                        .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
