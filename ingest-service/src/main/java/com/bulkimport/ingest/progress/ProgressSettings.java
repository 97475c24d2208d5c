package com.bulkimport.ingest.progress;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits and rhythm of the progress streams.
 *
 * @param maxStreams streams open at once in this instance; one more answers 503 with Retry-After (default 200)
 * @param heartbeat a comment line after this long without an event, so proxies keep the stream open (default 15 s)
 * @param pollInterval how often each open stream's import is looked at (default 200 ms)
 * @param maxDuration a stream ends after this long even if the import has not; the browser reconnects (default 30 min)
 */
@ConfigurationProperties(prefix = "bulkimport.progress")
public record ProgressSettings(Integer maxStreams, Duration heartbeat, Duration pollInterval, Duration maxDuration) {

    public ProgressSettings {
        maxStreams = maxStreams == null ? 200 : maxStreams;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        maxDuration = maxDuration == null ? Duration.ofMinutes(30) : maxDuration;
    }
}
