package com.bulkimport.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's unified GC log ({@code -Xlog:gc}) read for the benchmark's heap figures. Each collection
 * logs the heap in use before and after it ({@code GC(7) Pause Young (Allocation Failure)
 * 120M->41M(309M) 9.1ms}); the heap only grows between collections, so the largest "before" is
 * the peak heap in use over the logged span (a poll of {@code jvm.memory.used} could miss it), and
 * the largest "after" a full collection is the most that was still reachable: that one grows with
 * what a service keeps. A young collection's "after" holds the old generation's garbage too (the
 * serial collector clears it only in a full collection; a young one that cannot promote logs
 * {@code 426M->426M} and a full one follows), so young ones count only when there was no full one.
 */
final class GcLog {

    /** {@code 120M->41M(309M)}: before, after, capacity, each with its unit. */
    private static final Pattern COLLECTION = Pattern.compile("GC\\(\\d+\\) (.*?)(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** A service's heap over a span of its log: peak in use, most in use after a collection (MB), collections. */
    record Heap(String service, double peakUsedMb, double maxAfterGcMb, int collections) {
    }

    private GcLog() {
    }

    /** The log's length now (0 while it does not exist): where a later {@link #heap} starts reading. */
    static long length(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** The heap over the log from byte {@code from} on. */
    static Heap heap(String service, Path log, long from) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            byte[] rest = new byte[(int) (f.length() - from)];
            f.readFully(rest);
            return heap(service, new String(rest, StandardCharsets.UTF_8));
        }
    }

    static Heap heap(String service, String log) {
        double peak = 0;
        double after = 0;
        double afterFull = 0;
        int collections = 0;
        int full = 0;
        Matcher m = COLLECTION.matcher(log);
        while (m.find()) {
            peak = Math.max(peak, mb(m.group(2), m.group(3)));
            after = Math.max(after, mb(m.group(4), m.group(5)));
            if (m.group(1).contains("Full")) {
                afterFull = Math.max(afterFull, mb(m.group(4), m.group(5)));
                full++;
            }
            collections++;
        }
        if (collections == 0) {
            throw new IllegalStateException("no collection in the GC log of " + service);
        }
        return new Heap(service, peak, full > 0 ? afterFull : after, collections);
    }

    private static double mb(String amount, String unit) {
        double n = Double.parseDouble(amount);
        return switch (unit) {
            case "K" -> n / 1024;
            case "G" -> n * 1024;
            default -> n;
        };
    }
}
