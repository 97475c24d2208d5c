package com.bulkimport.ingest.security;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;

import com.bulkimport.events.DemoFixture;

/**
 * The Spring profile {@code local} ({@code ./run.sh} and the tests): the demo fixture's
 * administrators, with HTTP Basic for programs and a sign-in form for the page. They exist in no
 * other profile.
 */
@Configuration
@Profile(LocalSignIn.PROFILE)
class LocalSignIn implements SignIn {

    static final String PROFILE = "local";

    @Override
    public void programs(HttpSecurity http, AuthenticationEntryPoint unauthorized) throws Exception {
        http.httpBasic(b -> b.authenticationEntryPoint(unauthorized));
    }

    @Override
    public void page(HttpSecurity http, AuthenticationEntryPoint unauthorized) throws Exception {
        http.formLogin(f -> f.loginPage(SecurityConfiguration.LOGIN_PAGE).defaultSuccessUrl("/", true)
                .failureUrl(SecurityConfiguration.LOGIN_PAGE + "?error").permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl(SecurityConfiguration.LOGIN_PAGE + "?signed-out"));
    }

    @Override
    public String signInUrl() {
        return SecurityConfiguration.LOGIN_PAGE;
    }

    @Override
    public String signInPage() {
        return "forward:/login.html";
    }

    @Override
    public String challenge() {
        return "Basic realm=\"bulk user import\"";
    }

    @Bean
    AccountAccess accountAccess() {
        return AccountAccess.byName(DemoFixture.load().administrators().stream()
                .collect(Collectors.toMap(DemoFixture.Administrator::username, DemoFixture.Administrator::accounts)));
    }

    /**
     * The demo administrators, their passwords compared as the fixture states them. A plain
     * {@link UserDetailsService}, not the {@link InMemoryUserDetailsManager} itself: Spring Security
     * re-encodes the stored password of a {@code UserDetailsPasswordService} with BCrypt at the first
     * sign-in, and from then on checks every HTTP Basic request with BCrypt, tens of milliseconds of
     * CPU each; a program polling an import's status spent most of the ingest service's CPU on it
     * (docs/performance.md). The passwords are the fixture's plain text anyway.
     */
    @Bean
    UserDetailsService administrators() {
        List<UserDetails> users = DemoFixture.load().administrators().stream()
                .map(a -> User.withUsername(a.username()).password("{noop}" + a.password()).roles("ADMIN").build())
                .toList();
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        return manager::loadUserByUsername;
    }
}
