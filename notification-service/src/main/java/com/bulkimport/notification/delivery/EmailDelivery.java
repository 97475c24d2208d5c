package com.bulkimport.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.StoreKey;

/**
 * Sends each requested email once. Its task owns the account's partition of the requests and four
 * stores, all changelogged and committed with the outputs and the input offsets
 * ({@code exactly_once_v2}):
 * <ul>
 * <li>{@value #SENT_STORE}: every email dealt with (sent, or given up), by account, import, row
 * and kind. A request whose email is in it is not sent again: a redelivery, a duplicate, a
 * restart or a rebalance sends nothing twice, and publishes no second result;</li>
 * <li>{@value #OUTBOX_STORE}: the emails asked for and not tried yet. A request is recorded here
 * first and sent later, with others, in a batch: committed with the request's offset, it is sent
 * by whoever owns the partition after a crash or a rebalance, never lost;</li>
 * <li>{@value #RETRY_STORE}: the emails that wait for another try, so that one waiting email
 * blocks nothing: the requests after it are read and sent meanwhile;</li>
 * <li>{@value #RESEND_REPORTS_STORE}: what was done for each operator's {@link EmailResendRequested}
 * (co-partitioned with the requests, so the task that owns an account's emails acts on it): each
 * given-up email of the import sent again once, its result published again with {@code resent}.</li>
 * </ul>
 * The outbox is sent a batch ({@code batch} emails) at a time over the instance's SMTP connections
 * side by side ({@link SendingPool}), and one commit is asked for per batch: from
 * {@code process()} when {@code batch} requests came since the last batch, else from a punctuation
 * (every {@code flush-interval}) once no request came for a {@code flush-interval} (the last
 * emails of an import) or the last batch left ten intervals ago (a trickle of requests): not a
 * commit for every email or two while requests keep coming. A punctuation that follows a batch accepted from {@code process()}
 * sends nothing, so at most one batch of accepted emails per task waits for a commit: that is the
 * window in which a killed process sends emails a second time (docs/architecture.md, "Notifications").
 */
public final class EmailDelivery implements Processor<String, Object, String, Object> {

    public static final String SENT_STORE = "sent-emails";
    public static final String OUTBOX_STORE = "email-outbox";
    public static final String RETRY_STORE = "email-retries";
    public static final String RESEND_REPORTS_STORE = "email-resend-reports";
    /** Child (sink) names. */
    public static final String RESULTS = "notification-results";
    public static final String DEAD_LETTERS = "dead-letters";

    /** The same header names as Kafka Streams' own dead-letter records, so operators read one kind of header. */
    static final String HEADER_EXCEPTION = "__streams.errors.exception";
    static final String HEADER_MESSAGE = "__streams.errors.message";
    static final String HEADER_TOPIC = "__streams.errors.topic";
    static final String HEADER_PARTITION = "__streams.errors.partition";
    static final String HEADER_OFFSET = "__streams.errors.offset";

    private static final Logger log = LoggerFactory.getLogger(EmailDelivery.class);
    private static final Duration FORGET_EVERY = Duration.ofHours(1);
    private static final int MAX_FORGOTTEN_PER_RUN = 10_000;

    private final Mailer mailer;
    private final DeliveryPolicy policy;
    private final SmtpGate gate;
    private final SendingPool pool;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SentEmail> sent;
    private KeyValueStore<String, PendingEmail> outbox;
    private KeyValueStore<String, PendingEmail> retries;
    private KeyValueStore<String, ResendReport> resendReports;
    private long nextSweepAt;
    private long nextRetryCheckAt;
    /** Where the outbox was last read up to: a hint for reading on from there (the outbox itself is the truth). */
    private String outboxCursor;
    /** How many emails the outbox holds (counted at start, then kept): no reading it when it is empty. */
    private long outboxSize;
    /** When the last request was put in the outbox, and when the last batch left it (wall clock). */
    private long lastRequestAt;
    private long lastBatchAt;
    /** Requests put in the outbox since the last batch: a batch is sent from process() when they make one. */
    private int requestsSinceBatch;
    /** A batch sent from process() had emails accepted, and the commit after it has not been reached yet. */
    private boolean acceptedBeforePunctuation;

    public EmailDelivery(Mailer mailer, DeliveryPolicy policy, SmtpGate gate, SendingPool pool) {
        this.mailer = mailer;
        this.policy = policy;
        this.gate = gate;
        this.pool = pool;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        sent = context.getStateStore(SENT_STORE);
        outbox = context.getStateStore(OUTBOX_STORE);
        retries = context.getStateStore(RETRY_STORE);
        resendReports = context.getStateStore(RESEND_REPORTS_STORE);
        try (KeyValueIterator<String, PendingEmail> all = outbox.all()) {
            while (all.hasNext()) {
                all.next();
                outboxSize++; // emails recorded before a restart, or by the partition's previous owner: sent first
            }
        }
        context.schedule(policy.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::sendWaiting);
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, this::forgetOldRecords);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof EmailResendRequested resend) {
            resend(resend);
            return;
        }
        NotificationRequested request = (NotificationRequested) record.value();
        if (request == null || request.importId() == null || request.accountId() == null || request.kind() == null
                || request.to() == null || request.to().isBlank()) {
            // dead-lettered by the pipeline's processing exception handler, with this message
            throw new IllegalArgumentException("NotificationRequested without import id, account id, kind or recipient");
        }
        String key = key(request);
        SentEmail done = sent.get(key);
        if (done != null) {
            log.info("The {} email of row {} of import {} was {} already: not sending it again", request.kind(),
                    request.row(), request.importId(), done.sent() ? "sent" : "given up");
            return;
        }
        if (outbox.get(key) != null) {
            log.info("The {} email of row {} of import {} is about to be sent already: not sending it twice",
                    request.kind(), request.row(), request.importId());
            return;
        }
        if (retries.get(key) != null) {
            log.info("The {} email of row {} of import {} waits for a retry already: not sending it twice", request.kind(),
                    request.row(), request.importId());
            return;
        }
        long now = context.currentSystemTimeMs();
        RecordMetadata from = context.recordMetadata().orElse(null);
        PendingEmail pending = new PendingEmail(request, from == null ? null : from.topic(),
                from == null ? -1 : from.partition(), from == null ? -1 : from.offset(), 0, now, now, null, null);
        if (!gate.allowsAttempt(now)) {
            SmtpFailure why = gate.lastFailure();
            retries.put(key, pending.failed(why, 0, now));
            log.debug("Mail server unreachable: the {} email of row {} of import {} waits", request.kind(), request.row(),
                    request.importId());
            return;
        }
        outbox.put(key, pending);
        outboxSize++;
        lastRequestAt = now;
        if (++requestsSinceBatch >= policy.batch()) {
            // a batch has filled up: it goes now, and the commit that ends this round records it
            requestsSinceBatch = 0;
            if (sendFromOutbox(now)) {
                acceptedBeforePunctuation = true;
            }
        }
    }

    /**
     * The punctuation: the outbox's emails that no full batch took (the last of an import, those
     * left by a restart), else the waiting emails that are due. One batch at most, and none when
     * process() sent one that the commit after this punctuation has still to record.
     */
    private void sendWaiting(long now) {
        if (acceptedBeforePunctuation) {
            acceptedBeforePunctuation = false;
            return;
        }
        if (outboxSize > 0) {
            // while requests keep coming, a batch fills up in process(); this sends what is left once they pause (an
            // import's last emails), or what waited too long: not a commit every few milliseconds for an email or two
            boolean paused = now - lastRequestAt >= policy.flushInterval().toMillis();
            if (paused || now - lastBatchAt >= maxWaitMs()) {
                requestsSinceBatch = 0;
                sendFromOutbox(now);
            }
        } else if (now >= nextRetryCheckAt) {
            nextRetryCheckAt = now + policy.retryCheckInterval().toMillis();
            retryWaitingEmails(now);
        }
    }

    /**
     * Sends the first batch of the outbox, or moves it to the retry store while the mail server
     * cannot be reached; while the server is being probed, one email only. Returns whether the
     * server accepted any email.
     */
    private boolean sendFromOutbox(long now) {
        List<KeyValue<String, PendingEmail>> batch = nextFromOutbox(policy.batch());
        if (batch.isEmpty()) {
            return false;
        }
        outboxCursor = batch.get(batch.size() - 1).key;
        lastBatchAt = now;
        if (!gate.allowsAttempt(now)) {
            SmtpFailure why = gate.lastFailure();
            for (KeyValue<String, PendingEmail> e : batch) {
                retries.put(e.key, e.value.failed(why, 0, now));
                leave(outbox, e.key);
            }
            context.commit();
            return false;
        }
        return sendProbingFirst(batch, outbox, now);
    }

    /**
     * Sends the batch; while the mail server is being probed (it could not be reached last time),
     * its first email alone, and the others only if that one went.
     */
    private boolean sendProbingFirst(List<KeyValue<String, PendingEmail>> batch, KeyValueStore<String, PendingEmail> from,
            long now) {
        if (gate.isOpen() || batch.size() == 1) {
            return sendBatch(batch, from, now);
        }
        boolean accepted = sendBatch(batch.subList(0, 1), from, now);
        if (gate.isOpen()) {
            accepted |= sendBatch(batch.subList(1, batch.size()), from, now);
        } else if (from == outbox) {
            // still unreachable: the others wait in the retry store, not tried
            SmtpFailure why = gate.lastFailure();
            for (KeyValue<String, PendingEmail> e : batch.subList(1, batch.size())) {
                retries.put(e.key, e.value.failed(why, 0, now));
                leave(outbox, e.key);
            }
        }
        return accepted;
    }

    /**
     * Sends a batch side by side and records each outcome as one email's would be: sent (recorded,
     * reported), given up (dead-lettered, reported failed), or waiting in the retry store. Emails
     * taken from {@code from} leave it. One commit is asked for. A server that could not be reached
     * while others in the batch were accepted (a connection gone stale) does not close the gate:
     * those emails are due again at once. Returns whether the server accepted any email.
     */
    private boolean sendBatch(List<KeyValue<String, PendingEmail>> batch, KeyValueStore<String, PendingEmail> from,
            long now) {
        boolean waiting = from == retries;
        // a batch sent while the server answered stops when another batch finds it gone; a probe is tried anyway
        boolean open = gate.isOpen();
        List<SendingPool.Outcome> outcomes = pool.sendAll(mailer, batch.stream().map(e -> e.value.request()).toList(),
                () -> open && !gate.isOpen());
        boolean accepted = false;
        boolean answered = false;
        SmtpFailure unreachable = null;
        List<SmtpFailure> failures = new ArrayList<>(batch.size());
        for (SendingPool.Outcome o : outcomes) {
            SmtpFailure f = o.failure() == null ? null : SmtpFailure.of(o.failure());
            failures.add(f);
            accepted |= o.sent();
            if (f != null && f.kind() == SmtpFailure.Kind.REFUSED_FOR_NOW) {
                answered = true;
            }
            if (f != null && f.kind() == SmtpFailure.Kind.SERVER_UNAVAILABLE && unreachable == null) {
                unreachable = f;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            String key = batch.get(i).key;
            PendingEmail pending = batch.get(i).value;
            SendingPool.Outcome outcome = outcomes.get(i);
            if (outcome.sent()) {
                recordSent(key, pending.request(), now, from);
            } else if (!outcome.tried()) {
                // the server could not be reached by the ones before it: it waits, not tried, not refused
                if (!waiting) {
                    retries.put(key, pending.failed(unreachable != null ? unreachable : gate.lastFailure(),
                            pending.refusals(), now));
                    leave(outbox, key);
                }
            } else {
                failed(key, pending, failures.get(i), now, from, waiting);
            }
        }
        if (accepted || answered) {
            gate.reached();
        } else if (unreachable != null) {
            gate.unreachable(now, unreachable);
        }
        context.commit();
        return accepted;
    }

    private void failed(String key, PendingEmail pending, SmtpFailure failure, long now,
            KeyValueStore<String, PendingEmail> from, boolean waiting) {
        NotificationRequested request = pending.request();
        switch (failure.kind()) {
            case REFUSED -> giveUp(key, pending, failure.reason(), failure.exception(), now, from);
            case REFUSED_FOR_NOW -> {
                int refusals = pending.refusals() + 1;
                if (refusals >= policy.attempts()) {
                    giveUp(key, pending, failure.reason() + " (tried " + refusals + " times)", failure.exception(), now,
                            from);
                } else {
                    long delay = policy.retryDelayMs(refusals);
                    retries.put(key, pending.failed(failure, refusals, now + delay));
                    if (!waiting) {
                        leave(from, key);
                    }
                    log.warn("The {} email of row {} of import {} was refused for now ({}); trying again in {} ms",
                            request.kind(), request.row(), request.importId(), failure.reason(), delay);
                }
            }
            case SERVER_UNAVAILABLE -> {
                if (now - pending.waitingSince() >= policy.giveUpAfter().toMillis()) {
                    giveUp(key, pending, failure.reason() + " (waited " + policy.giveUpAfter() + ")",
                            failure.exception(), now, from);
                } else {
                    retries.put(key, pending.failed(failure, pending.refusals(), now));
                    if (!waiting) {
                        leave(from, key);
                        log.warn("Cannot send the {} email of row {} of import {}: {}; it waits for the mail server",
                                request.kind(), request.row(), request.importId(), failure.reason());
                    }
                }
            }
        }
    }

    /** Records an email the server accepted as dealt with, and reports it sent (committed with the batch). */
    private void recordSent(String key, NotificationRequested request, long now, KeyValueStore<String, PendingEmail> from) {
        sent.put(key, new SentEmail(true, now, null));
        leave(from, key);
        context.forward(new Record<>(request.accountId(), result(request, true, null), now), RESULTS);
        log.info("Sent the {} email of row {} of import {}", request.kind(), request.row(), request.importId());
    }

    /** Dead-letters the request with the reason, reports the email failed, and records it as dealt with. */
    private void giveUp(String key, PendingEmail pending, String reason, String exception, long now,
            KeyValueStore<String, PendingEmail> from) {
        NotificationRequested request = pending.request();
        sent.put(key, new SentEmail(false, now, reason, request, null));
        leave(from, key);
        Headers headers = new RecordHeaders();
        header(headers, HEADER_EXCEPTION, exception);
        header(headers, HEADER_MESSAGE, reason);
        header(headers, HEADER_TOPIC, pending.topic());
        header(headers, HEADER_PARTITION, String.valueOf(pending.partition()));
        header(headers, HEADER_OFFSET, String.valueOf(pending.offset()));
        context.forward(new Record<String, Object>(request.accountId(), request, now, headers), DEAD_LETTERS);
        context.forward(new Record<>(request.accountId(), result(request, false, reason), now), RESULTS);
        context.commit();
        log.warn("Gave up the {} email of row {} of import {}: {}", request.kind(), request.row(), request.importId(),
                reason);
    }

    /** The longest an email waits in the outbox for its batch to fill up while requests keep coming. */
    private long maxWaitMs() {
        return 10 * policy.flushInterval().toMillis();
    }

    /** Deletes an email from the outbox or the retry store, as it is sent, given up or moved. */
    private void leave(KeyValueStore<String, PendingEmail> store, String key) {
        store.delete(key);
        if (store == outbox) {
            outboxSize--;
        }
    }

    /**
     * The next {@code n} emails of the outbox: those after the last batch's last key first (an
     * import's rows come in order, so its new requests are there), then from the start. Reading
     * from the start each time would step over the keys of every email sent before (deleted, but
     * kept by RocksDB until its next compaction): a cost growing with the import.
     */
    private List<KeyValue<String, PendingEmail>> nextFromOutbox(int n) {
        List<KeyValue<String, PendingEmail>> found = new ArrayList<>(Math.min(n, 1024));
        if (outboxCursor != null) {
            try (KeyValueIterator<String, PendingEmail> after = outbox.range(outboxCursor, null)) {
                while (after.hasNext() && found.size() < n) {
                    found.add(after.next());
                }
            }
        }
        if (found.size() < n && found.size() < outboxSize) {
            try (KeyValueIterator<String, PendingEmail> all = outbox.all()) {
                while (all.hasNext() && found.size() < n) {
                    KeyValue<String, PendingEmail> next = all.next();
                    if (outboxCursor != null && next.key.compareTo(outboxCursor) >= 0) {
                        break; // read above already
                    }
                    found.add(next);
                }
            }
        }
        return found;
    }

    /**
     * An operator's request: each given-up email of the import (of the row and kind, when given) is
     * sent again, once; what became of each is kept as the request's report. A request acted on
     * already (read again after a restart) does nothing.
     */
    private void resend(EmailResendRequested ask) {
        String reportKey = StoreKey.of(ask.accountId(), ask.requestId());
        if (resendReports.get(reportKey) != null) {
            log.info("Re-send request {} was acted on already", ask.requestId());
            return;
        }
        long now = context.currentSystemTimeMs();
        String prefix = StoreKey.of(ask.accountId(), ask.importId());
        // the emails given up, and those sent again before (reported, never sent a second time)
        List<KeyValue<String, SentEmail>> givenUp = new ArrayList<>();
        try (KeyValueIterator<String, SentEmail> all = sent.range(prefix + "|", StoreKey.prefixEnd(prefix))) {
            while (all.hasNext()) {
                KeyValue<String, SentEmail> entry = all.next();
                if ((!entry.value.sent() || entry.value.wasResent()) && asked(ask, entry.key)) {
                    givenUp.add(entry);
                }
            }
        }
        List<ResendReport.Email> emails = new ArrayList<>();
        for (KeyValue<String, SentEmail> entry : givenUp) {
            SentEmail was = entry.value;
            String[] parts = entry.key.split("\\|");
            int row = Integer.parseInt(parts[parts.length - 2]);
            NotificationRequested.Kind kind = NotificationRequested.Kind.valueOf(parts[parts.length - 1]);
            String to = was.request() == null ? null : was.request().to();
            if (was.wasResent()) {
                emails.add(new ResendReport.Email(row, kind, to, ResendReport.Outcome.RESENT_BEFORE,
                        was.sent() ? "sent again before" : "sent again before, and refused: " + was.failure()));
            } else if (was.request() == null) {
                emails.add(new ResendReport.Email(row, kind, null, ResendReport.Outcome.REQUEST_NOT_KEPT,
                        "given up before given-up requests were kept: its request is in the dead-letter topic"));
            } else {
                emails.add(sendAgain(entry.key, was.request(), now));
            }
        }
        ResendReport report = new ResendReport(ask.requestId(), ask.accountId(), ask.importId(), ask.row(), ask.kind(),
                ask.requestedBy(), now, emails);
        resendReports.put(reportKey, report);
        context.commit();
        log.info("Re-send request {} by {} for import {}: {} sent again, {} failed again, {} sent again before, "
                + "{} not kept", ask.requestId(), ask.requestedBy(), ask.importId(),
                report.count(ResendReport.Outcome.SENT_AGAIN), report.count(ResendReport.Outcome.FAILED_AGAIN),
                report.count(ResendReport.Outcome.RESENT_BEFORE), report.count(ResendReport.Outcome.REQUEST_NOT_KEPT));
    }

    /**
     * Sends a given-up email again, one try. Sent, or refused by the mail server: it is marked sent
     * again (never a second time) and its result published again. Not reached (the server is
     * unavailable): nothing was sent, so it is not marked, and may be asked for again.
     */
    private ResendReport.Email sendAgain(String key, NotificationRequested request, long now) {
        SendingPool.Outcome outcome = pool.send(mailer, request);
        if (!outcome.sent()) {
            SmtpFailure failure = SmtpFailure.of(outcome.failure());
            if (failure.kind() == SmtpFailure.Kind.SERVER_UNAVAILABLE) {
                gate.unreachable(now, failure);
                return new ResendReport.Email(request.row(), request.kind(), request.to(),
                        ResendReport.Outcome.FAILED_AGAIN, failure.reason() + " (not sent: it may be asked for again)");
            }
            gate.reached();
            sent.put(key, new SentEmail(false, now, failure.reason(), request, true));
            context.forward(new Record<>(request.accountId(), result(request, false, failure.reason(), true), now),
                    RESULTS);
            log.warn("The {} email of row {} of import {}, sent again, was refused: {}", request.kind(), request.row(),
                    request.importId(), failure.reason());
            return new ResendReport.Email(request.row(), request.kind(), request.to(), ResendReport.Outcome.FAILED_AGAIN,
                    failure.reason());
        }
        gate.reached();
        sent.put(key, new SentEmail(true, now, null, request, true));
        context.forward(new Record<>(request.accountId(), result(request, true, null, true), now), RESULTS);
        context.commit();
        log.info("Sent again the {} email of row {} of import {}", request.kind(), request.row(), request.importId());
        return new ResendReport.Email(request.row(), request.kind(), request.to(), ResendReport.Outcome.SENT_AGAIN, null);
    }

    /** Whether the email of this {@code sent-emails} key is of the row and kind asked for (all when not given). */
    private static boolean asked(EmailResendRequested ask, String key) {
        String[] parts = key.split("\\|");
        return (ask.row() == null || StoreKey.row(ask.row()).equals(parts[parts.length - 2]))
                && (ask.kind() == null || ask.kind().name().equals(parts[parts.length - 1]));
    }

    /**
     * The waiting emails that are due, a batch at a time, while the mail server answers; and,
     * every {@code maxProbeInterval}, the ones that waited too long are given up.
     */
    private void retryWaitingEmails(long now) {
        boolean sweep = now >= nextSweepAt;
        if (!gate.allowsAttempt(now) && !sweep) {
            return;
        }
        if (sweep) {
            nextSweepAt = now + policy.maxProbeInterval().toMillis();
        }
        long giveUpAfter = policy.giveUpAfter().toMillis();
        int batch = policy.retryBatch();
        List<KeyValue<String, PendingEmail>> due = new ArrayList<>();
        List<KeyValue<String, PendingEmail>> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingEmail> all = retries.all()) {
            while (all.hasNext() && (sweep || due.size() < batch)) {
                KeyValue<String, PendingEmail> entry = all.next();
                if (now - entry.value.waitingSince() >= giveUpAfter) {
                    if (expired.size() < batch * 10) {
                        expired.add(entry);
                    }
                } else if (entry.value.nextTryAt() <= now && due.size() < batch) {
                    due.add(entry);
                }
            }
        }
        for (KeyValue<String, PendingEmail> entry : expired) {
            PendingEmail p = entry.value;
            giveUp(entry.key, p, "not sent after waiting " + policy.giveUpAfter() + ": " + p.lastFailure(), p.lastException(),
                    now, retries);
        }
        if (!due.isEmpty() && gate.allowsAttempt(now)) {
            sendProbingFirst(due, retries, now);
        }
    }

    /** Forgets the emails dealt with longer ago than {@code keepSentFor}: no request for them can come any more. */
    private void forgetOldRecords(long now) {
        long before = now - policy.keepSentFor().toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, SentEmail> all = sent.all()) {
            while (all.hasNext() && old.size() < MAX_FORGOTTEN_PER_RUN) {
                KeyValue<String, SentEmail> entry = all.next();
                if (entry.value.at() < before) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(sent::delete);
        if (!old.isEmpty()) {
            log.info("Forgot {} emails dealt with before {} ms ago", old.size(), policy.keepSentFor().toMillis());
        }
    }

    /**
     * The key of one email in the record of the emails dealt with ({@code sent-emails}): its
     * account, import, row and kind, account first. One email per import, row and kind.
     */
    public static String key(NotificationRequested request) {
        return StoreKey.of(request.accountId(), request.importId(), StoreKey.row(request.row()), request.kind().name());
    }

    private static NotificationResult result(NotificationRequested request, boolean sent, String failure) {
        return result(request, sent, failure, false);
    }

    private static NotificationResult result(NotificationRequested request, boolean sent, String failure, boolean resent) {
        return new NotificationResult(request.importId(), request.accountId(), request.row(), request.kind(), request.to(),
                sent, failure, resent ? Boolean.TRUE : null);
    }

    private static void header(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
