package com.bulkimport.ingest.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.Problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The third door, before the programs' and the page's: the internal endpoint
 * ({@link ViewQueryController}) answers only a call that carries the secret the instances share
 * ({@code bulkimport.view.secret}, compared in constant time). Nothing else opens it: no session,
 * no administrator's credentials; without the secret the answer is 401.
 */
@Configuration
class InternalViewSecurity {

    static final String PEER = "INGEST_INSTANCE";

    @Bean
    @Order(0)
    SecurityFilterChain internalView(HttpSecurity http, ViewSecret secret) throws Exception {
        http.securityMatcher(ViewQueryController.PATH + "/**")
                .authorizeHttpRequests(a -> a.anyRequest().hasAuthority(PEER))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .addFilterBefore(new SecretCheck(secret.value()), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, x) ->
                                Problems.write(response, ApiErrorCode.UNAUTHENTICATED.refused()))
                        .accessDeniedHandler((request, response, x) ->
                                Problems.write(response, ApiErrorCode.ACCESS_DENIED.refused())));
        return http.build();
    }

    /** Authenticates a call whose secret header matches; leaves any other call anonymous (then 401). */
    static final class SecretCheck extends OncePerRequestFilter {

        private final byte[] secret;

        SecretCheck(String secret) {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String given = request.getHeader(RemoteView.SECRET_HEADER);
            if (given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                var context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("ingest-instance", null,
                        List.of(new SimpleGrantedAuthority(PEER))));
                SecurityContextHolder.getContextHolderStrategy().setContext(context);
            }
            chain.doFilter(request, response);
        }
    }
}
