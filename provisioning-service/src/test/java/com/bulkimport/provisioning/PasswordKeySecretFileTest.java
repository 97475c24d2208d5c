package com.bulkimport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import com.bulkimport.events.PasswordSealer;
import com.bulkimport.pipeline.PasswordKeyProperties;

/**
 * The password key as {@code docker-compose.yml} gives it: a secret file
 * {@code /run/secrets/BULKIMPORT_PASSWORD_KEY} (as {@code base64} writes it, with its newline),
 * read through Spring's config tree ({@code spring.config.import=configtree:/run/secrets/}) into
 * the placeholder of the service's own settings file; never on a command line or in the environment.
 */
class PasswordKeySecretFileTest {

    @Test
    void shouldReadThePasswordKeyFromTheSecretFileNamedAfterItsPlaceholder(@TempDir Path secrets) throws Exception {
        // Given the key in a secret file, as `head -c 32 /dev/urandom | base64 > secrets/password-key` writes it
        String key = PasswordSealer.newKey();
        Files.writeString(secrets.resolve("BULKIMPORT_PASSWORD_KEY"), key + "\n");

        // When the service's settings are read with the secrets folder imported as a config tree
        try (var context = new SpringApplicationBuilder(PasswordKeyOnly.class).web(WebApplicationType.NONE)
                .properties(ProvisioningApplication.CONFIG).run("--spring.config.import=configtree:" + secrets + "/")) {
            PasswordKeyProperties passwordKey = context.getBean(PasswordKeyProperties.class);

            // Then the key is the file's, without its newline, and seals
            assertThat(passwordKey.passwordKey()).isEqualTo(key);
            assertThat(passwordKey.sealer().seal("Temp-1234", "import|1")).isNotBlank();
        }
    }

    /** The service's password key settings alone: no Kafka, no web server. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PasswordKeyProperties.class)
    static class PasswordKeyOnly {
    }
}
