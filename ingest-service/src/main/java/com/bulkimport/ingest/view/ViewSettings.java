package com.bulkimport.ingest.view;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code bulkimport.view.*}: how the ingest instances answer for each other's part of the import
 * view (docs/architecture.md, "Reading the import view").
 *
 * @param advertisedAddress {@code host:port} at which the other instances reach this one, Kafka
 *        Streams' {@code application.server}; by default this instance's {@code server.address} (this
 *        machine's address when it listens on every interface) and the port its web server listens on
 * @param secret the secret every instance of the service shares, sent with each call one makes to
 *        another; the internal endpoint refuses a call without it. Required outside the {@code local}
 *        profile (at least 32 characters); the local run has a fixed one
 * @param connectTimeout the longest wait for a connection to another instance (default 2 s)
 * @param readTimeout the longest wait for another instance's answer (default 10 s)
 * @param maxResponseBytes the largest answer read from another instance (default 8 MB); whole-import
 *        reads (the exports) are fetched in pages well below it
 * @param acceptWait how long an upload waits, before its 202, for the instance holding the account
 *        to have the import in its view (default 10 s); after that the 202 is sent anyway
 */
@ConfigurationProperties(prefix = "bulkimport.view")
public record ViewSettings(String advertisedAddress, String secret, Duration connectTimeout, Duration readTimeout,
        DataSize maxResponseBytes, Duration acceptWait) {

    /** The shortest secret accepted outside the local profile. */
    public static final int MIN_SECRET_CHARS = 32;

    public ViewSettings {
        advertisedAddress = advertisedAddress == null || advertisedAddress.isBlank() ? null : advertisedAddress.strip();
        secret = secret == null || secret.isBlank() ? null : secret.strip();
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        maxResponseBytes = maxResponseBytes == null ? DataSize.ofMegabytes(8) : maxResponseBytes;
        acceptWait = acceptWait == null ? Duration.ofSeconds(10) : acceptWait;
    }
}
