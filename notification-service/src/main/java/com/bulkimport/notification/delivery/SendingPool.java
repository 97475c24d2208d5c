package com.bulkimport.notification.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.bulkimport.events.NotificationRequested;

/**
 * The service's SMTP connections: a fixed number of sending threads, each of which keeps its own
 * connection open (the {@link Mailer} holds one per thread), shared by every Kafka Streams thread
 * and task of the instance, so that however many partitions it owns, at most {@code connections}
 * emails are in the mail server's hands at once.
 * <p>
 * A batch is sent side by side and waited for: the caller (a stream thread) records each outcome
 * and commits them together. The emails of one recipient go in the order given, on one thread
 * (a user's password email before the welcome email, as they were asked for). Once the server
 * could not be reached more times than there are connections (each connection may have gone
 * stale once; one more means a new connection failed too), the batch's remaining emails are not
 * tried, nor once the caller says the server is gone (another batch, of another stream thread, found
 * it unreachable): they wait for the server, and a hanging server holds the batch for at most two
 * connect or read timeouts, not one per email.
 */
public final class SendingPool implements AutoCloseable {

    /** What became of one email of a batch: sent (no failure), failed (why), or not tried. */
    public record Outcome(boolean tried, RuntimeException failure) {

        static final Outcome SENT = new Outcome(true, null);
        static final Outcome NOT_TRIED = new Outcome(false, null);

        public boolean sent() {
            return tried && failure == null;
        }
    }

    private final int connections;
    private final ExecutorService threads;

    public SendingPool(int connections) {
        this.connections = connections;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "smtp-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.threads = Executors.newFixedThreadPool(connections, factory);
    }

    public int connections() {
        return connections;
    }

    /**
     * Sends the emails side by side and answers each one's outcome, in the order given. Returns
     * when every email was tried or skipped; each try is bounded by the mail server timeouts.
     */
    public List<Outcome> sendAll(Mailer mailer, List<NotificationRequested> emails) {
        return sendAll(mailer, emails, () -> false);
    }

    /**
     * As {@link #sendAll(Mailer, List)}; and an email not started yet is not tried once
     * {@code serverGone} says so (another batch found the server unreachable meanwhile).
     */
    public List<Outcome> sendAll(Mailer mailer, List<NotificationRequested> emails, BooleanSupplier serverGone) {
        Outcome[] outcomes = new Outcome[emails.size()];
        Map<String, List<Integer>> byRecipient = new LinkedHashMap<>();
        for (int i = 0; i < emails.size(); i++) {
            byRecipient.computeIfAbsent(emails.get(i).to(), to -> new ArrayList<>()).add(i);
        }
        AtomicInteger unreachable = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>(byRecipient.size());
        for (List<Integer> ofOneRecipient : byRecipient.values()) {
            running.add(threads.submit(() -> {
                boolean stop = false;
                for (int i : ofOneRecipient) {
                    if (stop || unreachable.get() > connections || serverGone.getAsBoolean()) {
                        outcomes[i] = Outcome.NOT_TRIED;
                        continue;
                    }
                    outcomes[i] = sendOne(mailer, emails.get(i));
                    if (outcomes[i].failure() != null
                            && SmtpFailure.of(outcomes[i].failure()).kind() == SmtpFailure.Kind.SERVER_UNAVAILABLE) {
                        unreachable.incrementAndGet();
                        stop = true; // the recipient's next email waits too: it is not sent before this one
                    }
                }
            }));
        }
        awaitAll(running);
        List<Outcome> all = new ArrayList<>(outcomes.length);
        for (Outcome o : outcomes) {
            all.add(o == null ? Outcome.NOT_TRIED : o);
        }
        return all;
    }

    /** One email on one of the pool's connections (an operator's re-send), waited for. */
    public Outcome send(Mailer mailer, NotificationRequested email) {
        return sendAll(mailer, List.of(email)).get(0);
    }

    private static Outcome sendOne(Mailer mailer, NotificationRequested email) {
        try {
            mailer.send(email);
            return Outcome.SENT;
        } catch (RuntimeException e) {
            return new Outcome(true, e);
        }
    }

    /**
     * Waits for every email of the batch, even when interrupted: an email handed to the server must
     * have its outcome recorded, or it would be sent again.
     */
    private static void awaitAll(List<Future<?>> running) {
        boolean interrupted = false;
        for (Future<?> f : running) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // sendOne catches every RuntimeException: what is left is an Error, for the stream thread to die of
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("A sending thread failed", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the sending threads (the application stops; the stream threads have stopped before). */
    @Override
    public void close() {
        threads.shutdown();
    }
}
