package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** The health decision on plain values, and the bound on replaced threads. */
class StreamsConditionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(2);

    @Test
    void shouldBeDownUntilTheFirstRunThenUpWhileRunning() {
        assertThat(StreamsCondition.of(null, false, null, NOW, GRACE)).isEqualTo(StreamsCondition.STARTING);
        assertThat(StreamsCondition.of(State.CREATED, false, NOW, NOW, GRACE).up()).isFalse();
        // however long the first restoration takes, it is starting, not up
        assertThat(StreamsCondition.of(State.REBALANCING, false, NOW.minus(Duration.ofHours(1)), NOW, GRACE))
                .isEqualTo(StreamsCondition.STARTING);
        assertThat(StreamsCondition.of(State.RUNNING, true, null, NOW, GRACE)).isEqualTo(StreamsCondition.RUNNING);
        assertThat(StreamsCondition.RUNNING.up()).isTrue();
    }

    @Test
    void shouldStayUpOutOfRunningWithinTheGraceAndGoDownAfterIt() {
        StreamsCondition within = StreamsCondition.of(State.REBALANCING, true, NOW.minus(GRACE), NOW, GRACE);
        assertThat(within).isEqualTo(StreamsCondition.RECOVERING);
        assertThat(within.up()).isTrue();
        assertThat(within.worthWaiting()).isTrue();

        StreamsCondition after = StreamsCondition.of(State.REBALANCING, true, NOW.minus(GRACE).minusSeconds(1), NOW, GRACE);
        assertThat(after).isEqualTo(StreamsCondition.STUCK);
        assertThat(after.up()).isFalse();
        assertThat(after.worthWaiting()).isFalse();
    }

    @Test
    void shouldBeDownOnceFailedOrStopped() {
        for (State state : new State[] { State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING }) {
            StreamsCondition condition = StreamsCondition.of(state, true, NOW, NOW, GRACE);
            assertThat(condition).as(state.name()).isEqualTo(StreamsCondition.FAILED);
            assertThat(condition.up()).isFalse();
            assertThat(condition.worthWaiting()).isFalse();
        }
    }

    @Test
    void shouldReplaceAtMostTheBoundOfThreadsWithinTheWindow() {
        var replacements = new StreamsRunner.ThreadReplacements(3, Duration.ofMinutes(10));
        assertThat(replacements.tryReplace(NOW)).isTrue();
        assertThat(replacements.tryReplace(NOW.plusSeconds(60))).isTrue();
        assertThat(replacements.tryReplace(NOW.plusSeconds(120))).isTrue();
        assertThat(replacements.tryReplace(NOW.plusSeconds(180))).isFalse();
        // the first replacement leaves the window: one more is allowed
        assertThat(replacements.tryReplace(NOW.plus(Duration.ofMinutes(10)))).isTrue();
        assertThat(replacements.recent(NOW.plus(Duration.ofMinutes(10)))).isEqualTo(3);
    }
}
