package com.bulkimport.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How hard the service tries before it gives an email up. Two kinds of failure are told apart:
 * <ul>
 * <li>the mail server refuses <em>one email</em> for now (a 4xx reply to it): that email waits
 * in the retry store, {@code retryInterval} then three times longer each time (at most
 * {@code maxRetryInterval}), and is given up after {@code attempts} tries; the other emails go on;</li>
 * <li>the mail server <em>cannot be reached</em> (connection refused or timed out, 421, login
 * refused): no email can go, so every email waits in the retry store; the server is probed after
 * {@code retryInterval}, then twice as long each time (at most {@code maxProbeInterval}); when it
 * answers, the waiting emails go out. An email still waiting after {@code giveUpAfter} is given up.</li>
 * </ul>
 * A given-up email goes to the dead-letter topic and is reported failed.
 *
 * @param attempts tries of one email that the server refuses with a 4xx reply
 * @param retryInterval the first wait before a retry or a probe
 * @param maxRetryInterval the longest wait between two tries of one refused email
 * @param maxProbeInterval the longest wait between two probes of an unreachable server
 * @param giveUpAfter how long an email may wait in all
 * @param retryCheckInterval how often the waiting emails are looked at
 * @param retryBatch at most this many waiting emails are tried per task at each look (they commit together)
 * @param keepSentFor how long the record of an email sent or given up is kept (longer than the requests topic's retention)
 * @param sendingThreads Kafka Streams threads of the service: partitions read side by side (they share the connections)
 * @param connections SMTP connections of the service, shared by its stream threads: at most this many emails are
 *        in the mail server's hands at once
 * @param batch at most this many emails are sent per task between two commits: the outbox is sent a batch at a time,
 *        over the connections side by side, and one commit records the batch; a process killed in between sends
 *        the batch again (the window of docs/architecture.md, "Notifications")
 * @param flushInterval how often a task looks at its outbox: what no full batch took goes once no request came for
 *        this long (the last emails of an import), or ten times this long after the last batch
 */
@ConfigurationProperties(prefix = "bulkimport.notification")
public record DeliveryPolicy(Integer attempts, Duration retryInterval, Duration maxRetryInterval,
        Duration maxProbeInterval, Duration giveUpAfter, Duration retryCheckInterval, Integer retryBatch,
        Duration keepSentFor, Integer sendingThreads, Integer connections, Integer batch, Duration flushInterval) {

    public DeliveryPolicy {
        attempts = attempts == null ? 6 : Math.max(1, attempts);
        retryInterval = retryInterval == null ? Duration.ofSeconds(1) : retryInterval;
        maxRetryInterval = maxRetryInterval == null ? Duration.ofMinutes(5) : maxRetryInterval;
        maxProbeInterval = maxProbeInterval == null ? Duration.ofSeconds(10) : maxProbeInterval;
        giveUpAfter = giveUpAfter == null ? Duration.ofHours(24) : giveUpAfter;
        retryCheckInterval = retryCheckInterval == null ? Duration.ofMillis(100) : retryCheckInterval;
        retryBatch = retryBatch == null ? 10 : Math.max(1, retryBatch);
        keepSentFor = keepSentFor == null ? Duration.ofDays(30) : keepSentFor;
        sendingThreads = sendingThreads == null ? 3 : Math.max(1, sendingThreads);
        connections = connections == null ? 4 : Math.max(1, connections);
        batch = batch == null ? 100 : Math.max(1, batch);
        flushInterval = flushInterval == null ? Duration.ofMillis(10) : flushInterval;
    }

    /** The wait after the {@code tries}-th refusal of one email: 1, 3, 9, 27… intervals, capped. */
    long retryDelayMs(int tries) {
        return capped(retryInterval.toMillis(), 3, tries, maxRetryInterval.toMillis());
    }

    /** The wait after the {@code failures}-th failed attempt to reach the server: 1, 2, 4, 8… intervals, capped. */
    long probeDelayMs(int failures) {
        return capped(retryInterval.toMillis(), 2, failures, maxProbeInterval.toMillis());
    }

    private static long capped(long first, long factor, int n, long max) {
        long delay = first;
        for (int i = 1; i < n && delay < max; i++) {
            delay *= factor;
        }
        return Math.min(delay, max);
    }
}
