package com.bulkimport.ingest.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import com.bulkimport.events.DemoFixture;

/**
 * Every API call is authenticated. In the local run and the tests, HTTP Basic with the demo
 * fixture's administrators ({@code bulkimport.security.demo-administrators=true}); without that
 * setting no administrator exists here (production authenticates with the platform's identity
 * provider, not built yet). Health and the OpenAPI description are open.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/v3/api-docs/**", "/swagger-ui/**",
                                "/swagger-ui.html", "/error")
                        .permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    AccountAccess accountAccess(@Value("${bulkimport.security.demo-administrators:false}") boolean demoAdministrators) {
        if (!demoAdministrators) {
            return new AccountAccess(Map.of());
        }
        return new AccountAccess(DemoFixture.load().administrators().stream()
                .collect(Collectors.toMap(DemoFixture.Administrator::username, DemoFixture.Administrator::accounts)));
    }

    @Bean
    InMemoryUserDetailsManager administrators(
            @Value("${bulkimport.security.demo-administrators:false}") boolean demoAdministrators) {
        List<UserDetails> users = !demoAdministrators ? List.of()
                : DemoFixture.load().administrators().stream()
                        .map(a -> User.withUsername(a.username()).password("{noop}" + a.password()).roles("ADMIN").build())
                        .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
