package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GcLog} on lines as a Java 17 JVM with {@code -Xlog:gc} and the serial collector writes them. */
class GcLogTest {

    private static final String LOG = """
            [0.012s][info][gc] Using Serial
            [3.101s][info][gc] GC(0) Pause Young (Allocation Failure) 85M->12M(309M) 25.123ms
            [9.870s][info][gc] GC(1) Pause Young (Allocation Failure) 97M->30M(309M) 11.002ms
            [12.001s][info][gc] GC(2) Pause Full (System.gc()) 1024K->900K(309M) 40.500ms
            """;

    @Test
    void shouldTakeThePeakFromBeforeAndTheLiveSetFromAfterEachCollection() {
        GcLog.Heap heap = GcLog.heap("ingest", LOG);

        assertThat(heap.peakUsedMb()).isEqualTo(97.0);
        assertThat(heap.maxAfterGcMb()).isEqualTo(30.0);
        assertThat(heap.collections()).isEqualTo(3);
    }

    @Test
    void shouldReadOnlyFromTheGivenOffset(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, LOG);
        long from = LOG.indexOf("[12.001s]");

        GcLog.Heap heap = GcLog.heap("ingest", log, from);

        assertThat(heap.collections()).isEqualTo(1);
        assertThat(heap.peakUsedMb()).isEqualTo(1.0);
        assertThat(GcLog.length(dir.resolve("missing.log"))).isZero();
    }

    @Test
    void shouldRefuseALogWithoutCollections() {
        assertThatThrownBy(() -> GcLog.heap("ingest", "[0.012s][info][gc] Using Serial\n"))
                .hasMessageContaining("no collection").hasMessageContaining("ingest");
    }
}
