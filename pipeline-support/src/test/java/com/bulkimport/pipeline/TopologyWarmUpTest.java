package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TopologyWarmUpTest {

    @Test
    void shouldRunTheWarmUpOnAThreadOfItsOwnWithTheRowsAsked() throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();

        TopologyWarmUp.inBackground("a test", 7, rows -> ran.complete(Thread.currentThread().getName() + ":" + rows))
                .run(null);

        assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo("warm-up:7");
    }

    @Test
    void shouldNotRunWithoutRows() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        TopologyWarmUp.inBackground("a test", 0, rows -> runs.incrementAndGet()).run(null);
        CompletableFuture<Void> after = new CompletableFuture<>();
        TopologyWarmUp.inBackground("a test", 1, rows -> after.complete(null)).run(null);
        after.get(10, TimeUnit.SECONDS);

        assertThat(runs).hasValue(0);
    }

    @Test
    void shouldLogAFailedWarmUpRatherThanLetItEscapeItsThread() throws Exception {
        CompletableFuture<Thread> failing = new CompletableFuture<>();
        AtomicInteger escaped = new AtomicInteger();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.incrementAndGet());
        try {
            TopologyWarmUp.inBackground("a test", 1, rows -> {
                failing.complete(Thread.currentThread());
                throw new IllegalStateException("made-up failure");
            }).run(null);

            Thread thread = failing.get(10, TimeUnit.SECONDS);
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(escaped).hasValue(0);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
