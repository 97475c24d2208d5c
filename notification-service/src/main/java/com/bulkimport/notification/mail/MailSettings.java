package com.bulkimport.notification.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the emails say about where they come from; the mail server itself is Spring Boot's
 * {@code spring.mail.*}.
 *
 * @param from the sender address of every email
 * @param signInUrl where the emails send the user to sign in
 */
@ConfigurationProperties(prefix = "bulkimport.mail")
public record MailSettings(String from, String signInUrl) {

    public MailSettings {
        from = from == null ? "no-reply@bulkimport.local" : from;
        signInUrl = signInUrl == null ? "https://login.example.com" : signInUrl;
    }
}
