package com.bulkimport.ingest.security;

import java.io.IOException;
import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;

import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.Problems;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may call what. Two doors, one rule:
 * <ul>
 * <li><b>Programs</b> (curl, scripts): every request that carries an {@code Authorization} header.
 * Stateless, no session, no CSRF (a browser never adds that header on its own to a cross-site
 * request). In production an OAuth2 bearer token (a JWT from the identity provider); in the local
 * profile HTTP Basic with the demo fixture's administrators.</li>
 * <li><b>The page</b> (a browser): everything else. A session cookie after signing in, CSRF
 * protection on every request that changes something, a Content Security Policy without inline
 * scripts. In production the identity provider's OpenID Connect sign-in; in the local profile a
 * sign-in form for the demo administrators.</li>
 * </ul>
 * How one signs in is the {@link SignIn} of the active profile. The page itself knows nothing of
 * it: an unauthenticated page request is sent to the sign-in address the {@link SignIn} names, and
 * {@code /api/me} tells the page who is signed in, the accounts granted, and the CSRF token. Either
 * way {@link AccountAccess} decides which accounts an administrator may act on. Only {@link #OPEN}
 * is open (health, the OpenAPI description, the sign-in page and its assets, the CSRF token); every
 * answer carries the security headers, error answers included.
 */
@Configuration
class SecurityConfiguration {

    /** Scripts, styles, images and connections from this origin only; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; object-src 'none'";
    static final String LOGIN_PAGE = "/login";
    /** What anyone may call without signing in; everything else answers 401 or sends to sign in. */
    static final List<String> OPEN = List.of("/actuator/health/**", "/actuator/health", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html", "/error", "/login.html", "/app.css", "/js/login.js", "/favicon.svg", "/api/csrf", LOGIN_PAGE);

    private final SignIn signIn;

    SecurityConfiguration(SignIn signIn) {
        this.signIn = signIn;
    }

    /** Programs: a request with credentials of its own in the Authorization header. */
    @Bean
    @Order(1)
    SecurityFilterChain programs(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null)
                .authorizeHttpRequests(SecurityConfiguration::rules)
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(apiUnauthorized()).accessDeniedHandler(problemForbidden()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityConfiguration::headers);
        signIn.programs(http, apiUnauthorized());
        return http.build();
    }

    /** The page: a session after signing in, CSRF on every change, API calls answered 401 rather than redirected. */
    @Bean
    @Order(2)
    SecurityFilterChain page(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(SecurityConfiguration::rules)
                .headers(SecurityConfiguration::headers)
                .exceptionHandling(e -> e.authenticationEntryPoint(signInFirst()).accessDeniedHandler(problemForbidden()))
                // No saved request: a signed-out API call must not start a session; sign-in leads to the page.
                .requestCache(c -> c.requestCache(new NullRequestCache()));
        signIn.page(http, apiUnauthorized());
        return http.build();
    }

    private static void rules(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
        // Forwards and error pages are dispatched by the server itself after the request was checked;
        // the progress stream's asynchronous dispatch belongs to a request that was.
        a.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                .requestMatchers(OPEN.toArray(String[]::new)).permitAll()
                .anyRequest().authenticated();
    }

    /**
     * The headers of every answer: Spring Security's defaults (nosniff, {@code X-Frame-Options: DENY},
     * no caching, HSTS over HTTPS), the Content Security Policy, and no referrer to other sites. Each
     * writer leaves a header the answer already has alone.
     */
    static final List<HeaderWriter> SECURITY_HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY), contentSecurityPolicy(),
            new ReferrerPolicyHeaderWriter(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));

    private static void headers(HeadersConfigurer<HttpSecurity> h) {
        h.defaultsDisabled();
        SECURITY_HEADERS.forEach(h::addHeaderWriter);
    }

    /**
     * The same headers on the server's error page. Spring Security's header filter leaves error
     * dispatches alone, and a request its firewall rejects never reaches it: its 400 goes straight to
     * {@code /error}.
     */
    @Bean
    FilterRegistrationBean<HeaderWriterFilter> errorPageHeaders() {
        var filter = new HeaderWriterFilter(SECURITY_HEADERS) {
            @Override
            protected boolean shouldNotFilterErrorDispatch() {
                return false;
            }
        };
        filter.setShouldWriteHeadersEagerly(true);
        var registration = new FilterRegistrationBean<HeaderWriterFilter>(filter);
        registration.setDispatcherTypes(DispatcherType.ERROR);
        return registration;
    }

    /** Swagger UI is a third-party page with inline code; every other answer carries the strict policy. */
    private static DelegatingRequestMatcherHeaderWriter contentSecurityPolicy() {
        return new DelegatingRequestMatcherHeaderWriter(request -> !request.getRequestURI().startsWith("/swagger-ui"),
                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY));
    }

    /** A page request without a session goes to the sign-in page; an API call gets 401. */
    private AuthenticationEntryPoint signInFirst() {
        AuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint(signIn.signInUrl());
        AuthenticationEntryPoint api = apiUnauthorized();
        return (request, response, e) -> (request.getRequestURI().startsWith("/api/") ? api : page)
                .commence(request, response, e);
    }

    /**
     * An API call without valid credentials: 401 as problem details. Programs are told how to sign
     * in ({@link SignIn#challenge()}); the page's own calls ({@code X-Requested-With}) and its event
     * stream are not, so that a browser never opens its Basic sign-in dialog over the page.
     */
    private AuthenticationEntryPoint apiUnauthorized() {
        return (request, response, e) -> {
            boolean fromPage = request.getHeader("X-Requested-With") != null
                    || String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains(MediaType.TEXT_EVENT_STREAM_VALUE);
            if (!fromPage) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, signIn.challenge());
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
}
