package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.web.ProblemException;

/**
 * The figures of {@code docs/reliability.md} ("Hostile input"), measured on the reader with its
 * default bounds: each hostile file is refused within a second, and a parse's heap is bounded.
 * Printed as {@code FIGURE name value} lines.
 */
class HostileInputFiguresTest {

    private static final List<TemplateColumn> TEMPLATE = TemplateColumn.forAccount(false);
    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";
    private final CsvFileReader reader = new CsvFileReader(new UploadLimits(null, null));

    @Test
    void shouldRefuseEachHostileFileWithinASecond() {
        warmUp();
        refusedQuickly("1.5 MB header line", "A".repeat(1_500_000) + "\r\n", "LINE_TOO_LONG");
        refusedQuickly("header repeating one column 5,000 times",
                "Email Address (Mandatory)," .repeat(5000) + "\r\nA\r\n", "LINE_TOO_LONG");
        refusedQuickly("header repeating one column 2,000 times (within the line bound)",
                "Email Address (Mandatory)," .repeat(2000) + "\r\nA\r\n", "TOO_MANY_COLUMNS");
        refusedQuickly("1.9 MB field", HEADER + "A".repeat(1_900_000) + ",a@x.example\r\n", "LINE_TOO_LONG");
        refusedQuickly("1.9 MB quoted field over 19,000 lines", HEADER + "\"" + ("A".repeat(99) + "\n").repeat(19_000)
                + "\",a@x.example\r\n", "QUOTED_VALUE_TOO_LONG");
        refusedQuickly("quote never closed, 2 MB", HEADER + "\"A,a@x.example\r\n" + "B,b@x.example\r\n".repeat(120_000),
                "QUOTED_VALUE_TOO_LONG");
        refusedQuickly("100,000 rows", HEADER + "A,a@x.example\r\n".repeat(100_000), "TOO_MANY_ROWS");
    }

    @Test
    void shouldParseAtMostTwoOfSixConcurrentTwoMegabyteUploads() throws Exception {
        byte[] file = largestAcceptedFile();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                try {
                    return "parsed " + reader.read(file, TEMPLATE).rows().size();
                } catch (ProblemException e) {
                    return e.status().value() + "";
                }
            }));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> answer : answers) {
            results.add(answer.get());
        }
        long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
        pool.shutdown();
        System.out.println("FIGURE six concurrent 2 MB uploads: " + results + " in " + millis + " ms");
        assertThat(results.stream().filter(r -> r.startsWith("parsed")).count()).isBetween(1L, 6L);
        assertThat(results).allMatch(r -> r.equals("parsed 1000") || r.equals("429"));
        assertThat(millis).isLessThan(5000);
    }

    @Test
    void shouldKeepTheHeapOfAParseBoundedPerMegabyte() {
        byte[] file = largestAcceptedFile();
        reader.read(file, TEMPLATE);
        var memory = ManagementFactory.getMemoryMXBean();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        ParsedFile parsed = reader.read(file, TEMPLATE);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.gc();
        long retained = memory.getHeapMemoryUsage().getUsed() - before;
        double megabytes = file.length / (1024.0 * 1024);
        System.out.printf("FIGURE heap per MB of upload: retained %.1f MB/MB (the parsed rows), allocated %.1f MB/MB (%d rows, %.2f MB)%n",
                retained / megabytes / 1048576, allocated / megabytes / 1048576, parsed.rows().size(), megabytes);
        assertThat(parsed.rows()).hasSize(1000);
        assertThat(allocated / megabytes).isLessThan(40.0 * 1024 * 1024);
        assertThat(retained / megabytes).isLessThan(8.0 * 1024 * 1024);
    }

    /** A file just under 2 MB of 1,000 rows, each value up to the longest allowed. */
    private static byte[] largestAcceptedFile() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 1000; i++) {
            csv.append("N".repeat(1000)).append(',').append("user").append(i).append("@").append("d".repeat(900))
                    .append(".example\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(2 * 1024 * 1024);
        return bytes;
    }

    private void warmUp() {
        for (int i = 0; i < 3; i++) {
            try {
                reader.read((HEADER + "\"" + "A".repeat(70_000)).getBytes(StandardCharsets.UTF_8), TEMPLATE);
            } catch (ProblemException expected) {
                // warming the JIT
            }
        }
    }

    private void refusedQuickly(String what, String text, String code) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long began = System.nanoTime();
        try {
            reader.read(bytes, TEMPLATE);
            throw new AssertionError(what + " was accepted");
        } catch (ProblemException e) {
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            System.out.println("FIGURE " + what + " (" + bytes.length + " bytes): " + e.status().value() + " "
                    + e.errors().get(0).code() + " in " + millis + " ms; answer " + e.errors().toString().length() + " chars");
            assertThat(e.errors().get(0).code()).as(what).isEqualTo(code);
            assertThat(millis).as(what).isLessThan(1000);
            assertThat(e.errors().toString()).as(what).hasSizeLessThan(2000);
        }
    }
}
