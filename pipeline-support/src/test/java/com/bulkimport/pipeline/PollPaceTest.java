package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PollPaceTest {

    private static final Duration ASKED = Duration.ofMillis(StreamsRunner.POLL_MS);
    private static final long NOW = 50_000_000_000L;

    @Test
    void shouldPollAsAskedWhileTheThreadIsAtWork() {
        long lastActive = NOW - PollPace.ACTIVE_FOR.toNanos() + 1;

        assertThat(PollPace.pollFor(ASKED, lastActive, NOW)).isEqualTo(ASKED);
    }

    @Test
    void shouldPollAsKafkaStreamsDoesByDefaultOnceTheThreadIsIdle() {
        long lastActive = NOW - PollPace.ACTIVE_FOR.toNanos();

        assertThat(PollPace.pollFor(ASKED, lastActive, NOW)).isEqualTo(PollPace.IDLE_POLL);
    }

    @Test
    void shouldNeverShortenALongerPollThanTheIdleOne() {
        Duration asked = Duration.ofMillis(500);

        assertThat(PollPace.pollFor(asked, NOW - PollPace.ACTIVE_FOR.toNanos() * 10, NOW)).isEqualTo(asked);
    }

    @Test
    void shouldCountTheThreadThatProcessedARecordAsAtWork() throws Exception {
        Duration[] before = new Duration[1];
        Duration[] after = new Duration[1];
        Thread thread = new Thread(() -> {
            before[0] = PollPace.pollFor(ASKED);
            PollPace.active();
            after[0] = PollPace.pollFor(ASKED);
        });
        thread.start();
        thread.join();

        assertThat(before[0]).as("a new thread has done nothing yet").isEqualTo(PollPace.IDLE_POLL);
        assertThat(after[0]).isEqualTo(ASKED);
    }
}
