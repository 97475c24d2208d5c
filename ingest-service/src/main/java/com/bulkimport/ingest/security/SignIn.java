package com.bulkimport.ingest.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * How an administrator signs in, one of two: the local profile's demo administrators
 * ({@link LocalSignIn}) or the identity provider everywhere else ({@link IdentityProviderSignIn}).
 * {@link SecurityConfiguration} builds the two doors around it; the rules, headers and refusals are
 * the same for both.
 */
public interface SignIn {

    /** The programs' door: what reads the {@code Authorization} header; a refusal goes to {@code unauthorized}. */
    void programs(HttpSecurity http, AuthenticationEntryPoint unauthorized) throws Exception;

    /** The page's door: how a browser signs in, and out. */
    void page(HttpSecurity http, AuthenticationEntryPoint unauthorized) throws Exception;

    /** Where a page request without a session is sent. */
    String signInUrl();

    /** What {@code GET /login} answers: a view name ({@code forward:} or {@code redirect:}). */
    String signInPage();

    /** The {@code WWW-Authenticate} challenge of a program's 401. */
    String challenge();
}
