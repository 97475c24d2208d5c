package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationRunner;
import org.junit.jupiter.api.io.TempDir;

import com.bulkimport.events.Topics;

class TopologyWarmUpTest {

    @Test
    void shouldKeepItsStateInAFolderOfItsOwnWhateverTheServicesStreamsSettingsSay(@TempDir Path serviceFolder)
            throws Exception {
        // a service whose streams settings name its own state folder, and a topology with a RocksDB store
        PipelineProperties service = new PipelineProperties(3, (short) 1, serviceFolder.toString(), 100L,
                Map.of(StreamsConfig.STATE_DIR_CONFIG, serviceFolder.toString()), null, null, null);
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.ACCOUNT_EVENTS.name());
        topology.addProcessor("keep", () -> new Processor<Object, Object, Void, Void>() {
            private KeyValueStore<String, String> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore("kept");
            }

            @Override
            public void process(Record<Object, Object> record) {
                store.put(String.valueOf(record.key()), "seen");
            }
        }, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("kept"), Serdes.String(),
                Serdes.String()), "keep");

        Path warmUpFolder;
        try (TopologyWarmUp warmUp = TopologyWarmUp.open("a-service", topology, service)) {
            warmUp.account("made-up", 1, List.of());
            warmUpFolder = warmUp.stateDir();

            assertThat(warmUpFolder).isNotEqualTo(serviceFolder).isNotEmptyDirectory();
            assertThat(warmUp.<String>store("kept").get("made-up")).isEqualTo("seen");
        }
        assertThat(serviceFolder).isEmptyDirectory();
        assertThat(Files.exists(warmUpFolder)).isFalse();
    }

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

    @Test
    void shouldStopTheWarmUpWhenTheApplicationCloses() throws Exception {
        CompletableFuture<Thread> running = new CompletableFuture<>();
        ApplicationRunner warmUp = TopologyWarmUp.inBackground("a test", 1, rows -> {
            running.complete(Thread.currentThread());
            try {
                Thread.sleep(60_000); // a warm-up still running when the service stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        warmUp.run(null);
        Thread thread = running.get(10, TimeUnit.SECONDS);

        // When the application context closes (the runner is a bean it destroys)
        ((DisposableBean) warmUp).destroy();

        // Then the warm-up's thread ends at once
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
    }
}
