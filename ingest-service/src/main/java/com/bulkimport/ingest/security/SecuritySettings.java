package com.bulkimport.ingest.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bulkimport.security.*}: how production sign-in reads the identity provider's tokens (the
 * local profile's demo administrators need no setting).
 *
 * @param accountsClaim the token claim listing the accounts an administrator may act on (a list, or
 *        one string of ids separated by spaces or commas)
 * @param identityProviderTimeout the longest wait for the identity provider when the API fetches
 *        the issuer's keys
 */
@ConfigurationProperties(prefix = "bulkimport.security")
public record SecuritySettings(@DefaultValue("bulkimport_accounts") String accountsClaim,
        @DefaultValue("5s") Duration identityProviderTimeout) {
}
