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
    void shouldTakeThePeakFromBeforeAndTheLiveSetFromAfterEachCollectionWhenNoneWasFull() {
        GcLog.Heap heap = GcLog.heap("ingest", LOG.substring(0, LOG.indexOf("[12.001s]")));

        assertThat(heap.peakUsedMb()).isEqualTo(97.0);
        assertThat(heap.maxAfterGcMb()).isEqualTo(30.0);
        assertThat(heap.collections()).isEqualTo(2);
    }

    @Test
    void shouldTakeTheLiveSetFromFullCollectionsWhenThereAreAnyNotFromAYoungOneFullOfOldGarbage() {
        GcLog.Heap heap = GcLog.heap("ingest", """
                [142.076s][info][gc] GC(69) Pause Young (Allocation Failure) 412M->412M(415M) 0.058ms
                [142.290s][info][gc] GC(70) Pause Full (Allocation Failure) 412M->111M(432M) 202.699ms
                [144.103s][info][gc] GC(71) Pause Young (Allocation Failure) 320M->214M(432M) 24.497ms
                [150.001s][info][gc] GC(72) Pause Full (Allocation Failure) 321M->96M(432M) 238.624ms
                """);

        assertThat(heap.peakUsedMb()).isEqualTo(412.0);
        assertThat(heap.maxAfterGcMb()).isEqualTo(111.0);
        assertThat(heap.collections()).isEqualTo(4);
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
