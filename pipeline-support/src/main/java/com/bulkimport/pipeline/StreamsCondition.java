package com.bulkimport.pipeline;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.streams.KafkaStreams;

/**
 * What a service's Kafka Streams are fit for, decided from their state alone: the one decision
 * behind the health endpoint and behind the service's own "try again" answers, so the two never
 * disagree.
 */
public enum StreamsCondition {

    /** Not yet running for the first time (stores restoring, partitions being assigned): DOWN. */
    STARTING(false),
    /** Running: UP, stores queryable. */
    RUNNING(true),
    /** Out of {@code RUNNING} since less than the grace (a rebalance, a replaced thread restoring): UP. */
    RECOVERING(true),
    /** Out of {@code RUNNING} for longer than the grace: DOWN, so that a supervisor restarts the service. */
    STUCK(false),
    /** Stopped or failed (a stream thread died of an Error, or failed too often): DOWN until restarted. */
    FAILED(false);

    private final boolean up;

    StreamsCondition(boolean up) {
        this.up = up;
    }

    /** Whether the health endpoint reports UP. */
    public boolean up() {
        return up;
    }

    /** Whether waiting may help: the streams are starting, or recovering within the grace. */
    public boolean worthWaiting() {
        return this == STARTING || this == RECOVERING;
    }

    /**
     * @param state the client's state, null when not started
     * @param ranOnce whether the client was ever {@code RUNNING}
     * @param notRunningSince when the client last left {@code RUNNING} (or started), null while running
     * @param now the time of the question
     * @param stuckAfter the grace out of {@code RUNNING} after the first run
     */
    public static StreamsCondition of(KafkaStreams.State state, boolean ranOnce, Instant notRunningSince, Instant now,
            Duration stuckAfter) {
        if (state == null || state == KafkaStreams.State.CREATED) {
            return STARTING;
        }
        return switch (state) {
            case RUNNING -> RUNNING;
            case REBALANCING -> !ranOnce ? STARTING
                    : notRunningSince != null && Duration.between(notRunningSince, now).compareTo(stuckAfter) > 0 ? STUCK : RECOVERING;
            default -> FAILED; // PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR
        };
    }
}
