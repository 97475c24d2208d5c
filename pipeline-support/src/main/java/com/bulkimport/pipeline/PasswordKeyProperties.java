package com.bulkimport.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.bulkimport.events.PasswordSealer;

/**
 * The key that seals temporary passwords from provisioning to notification. Only those two
 * services enable these properties; no other has the key.
 *
 * @param passwordKey Base64 of 32 random bytes ({@code ./run.sh} makes one per data folder)
 */
@ConfigurationProperties(prefix = "bulkimport")
public record PasswordKeyProperties(String passwordKey) {

    /** The sealer of this key; fails with a clear message when the key is missing or malformed. */
    public PasswordSealer sealer() {
        return new PasswordSealer(passwordKey);
    }
}
