package com.bulkimport.ingest.security;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
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
     * The demo administrators, looked up only: deliberately not a {@link UserDetailsPasswordService}.
     * Spring Security hands a user store that is one to its authentication provider, which then
     * "upgrades" each {@code {noop}} password to BCrypt at its first sign-in; from then on every
     * HTTP Basic request (programs send their credentials with each call) costs a BCrypt check,
     * about 0.1 s of a core. Ten imports' status polls kept this 2-core machine's CPU on that
     * instead of the pipeline (issue 13, scenario 3). The passwords are the fixture's, in clear on
     * the class path anyway: hashing them in memory protects nothing.
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
