package com.bulkimport.pipeline;

import java.time.Duration;

/**
 * How long a stream thread waits in a poll that finds nothing. While the thread is at work (it
 * processed or sent a record within the last {@link #ACTIVE_FOR}), as long as the streams ask
 * ({@link StreamsRunner#POLL_MS}): what waits for the thread to go idle (the commit of what a
 * processor sent, {@link ObservedProcessor}; an outbox's last batch) then goes out within that
 * time. Once the thread has had nothing to do for {@link #ACTIVE_FOR}, {@link #IDLE_POLL}, Kafka
 * Streams' own default: a record that arrives still ends the poll at once, and an idle thread wakes
 * 10 times a second instead of 100 (each wake-up runs the streams' whole loop: about 0.35 ms of CPU
 * on C1, some 0.03 CPU seconds a second for each idle service; docs/performance.md).
 * <p>
 * Kept per thread: the processors mark their own thread ({@link #active}) and the main consumer,
 * polled on that thread, reads it ({@link StreamsClients}).
 */
final class PollPace {

    /** How long a thread counts as at work after its last record. */
    static final Duration ACTIVE_FOR = Duration.ofSeconds(1);
    /** The wait of a poll that finds nothing, once the thread is idle. */
    static final Duration IDLE_POLL = Duration.ofMillis(100);

    private static final long ACTIVE_FOR_NANOS = ACTIVE_FOR.toNanos();
    private static final ThreadLocal<long[]> LAST_ACTIVE =
            ThreadLocal.withInitial(() -> new long[] { System.nanoTime() - 2 * ACTIVE_FOR_NANOS });

    private PollPace() {
    }

    /** The calling (stream) thread processed or sent a record just now. */
    static void active() {
        LAST_ACTIVE.get()[0] = System.nanoTime();
    }

    /** How long the calling thread's poll is to wait, the streams having asked for {@code asked}. */
    static Duration pollFor(Duration asked) {
        return pollFor(asked, LAST_ACTIVE.get()[0], System.nanoTime());
    }

    static Duration pollFor(Duration asked, long lastActiveNanos, long nowNanos) {
        boolean atWork = nowNanos - lastActiveNanos < ACTIVE_FOR_NANOS;
        return atWork || asked.compareTo(IDLE_POLL) >= 0 ? asked : IDLE_POLL;
    }
}
