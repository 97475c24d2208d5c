package com.bulkimport.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Every email the catcher received during a run (the chaos run's, the failover run's), by
 * Message-ID, with when each copy was first seen: a copy's time decides whether a kill explains it.
 */
final class MailCopies {

    private final Map<String, List<Instant>> copies = new ConcurrentHashMap<>();

    /** The copies seen so far, by Message-ID. */
    Map<String, List<Instant>> copies() {
        return copies;
    }

    /** Notes the copies that arrived since the last look, each at the time of this look. */
    synchronized void scan(GreenMail mail) throws MessagingException {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            counts.merge(m.getMessageID(), 1, Integer::sum);
        }
        Instant now = Instant.now();
        counts.forEach((id, n) -> {
            List<Instant> seen = copies.computeIfAbsent(id, x -> new CopyOnWriteArrayList<>());
            while (seen.size() < n) {
                seen.add(now);
            }
        });
    }

    /** Looks every 500 ms while {@code watching}: a thread's body; {@code who} names it in the log. */
    void watch(GreenMail mail, AtomicBoolean watching, String who) {
        while (watching.get()) {
            try {
                scan(mail);
                Thread.sleep(500);
            } catch (MessagingException | RuntimeException e) {
                ChaosRun.log("%s: mail watcher: %s", who, e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until every email asked for (the topics' facts, read every {@code every}) is in or reported given up. */
    void awaitAll(Supplier<ChaosRun.Facts> facts, Duration timeout, Duration every) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ChaosRun.Facts now = facts.get();
            if (now.notificationRequests.keySet().stream().allMatch(id -> copies.containsKey(id) || now.givenUp.contains(id))) {
                return;
            }
            Thread.sleep(every.toMillis());
        }
    }
}
