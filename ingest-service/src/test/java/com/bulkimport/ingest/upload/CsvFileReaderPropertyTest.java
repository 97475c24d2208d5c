package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.web.ProblemException;

/**
 * Properties of the file reader for any input, however hostile (issue 10): every generated file
 * (random bytes, with or without a byte-order mark; truncated multi-byte characters; NUL and other
 * control characters; megabyte values; thousands of columns; quotes never closed; any mix of CR,
 * LF and CRLF, and CR-only files; XLSX and XLS headers; the template with random mutations) is
 * either parsed or refused with a 4xx {@link ProblemException} (what the controller answers as
 * problem details), never another exception; read within {@link #MAX_MILLIS} on a thread of its
 * own, allocating less than {@link #ALLOCATED_PER_BYTE} bytes per byte of the file plus
 * {@link #ALLOCATED_CONSTANT}.
 * <p>
 * Why that memory bound: the reader copies the file's bytes once from the request stream (whose
 * growing buffer allocates at most twice the size), then decodes them into UTF-16 characters (2
 * bytes each) for the separator guess (the first line only) and for the CSV reader, whose line
 * buffer, field buffer and value strings hold each character a small constant number of times,
 * each growing buffer allocating at most twice its final size: about 3 bytes plus 6 two-byte
 * copies per byte, doubled for growth, is 30, rounded up to 32. Measured: at most about 13 bytes
 * per byte for files over 256 KB (the FIGURE line). A step quadratic in a line or a value would
 * pass it at once on the megabyte files. The constant covers the fixed buffers (8 KB decoder
 * buffers, the CSV reader's) and the objects of a small file's rows.
 * <p>
 * The run counts its files and fails with fewer than {@link #MIN_FILES}; it prints its figures as
 * a {@code FIGURE} line (surefire's {@code -output.txt}), beside jqwik's count of tries per property.
 */
class CsvFileReaderPropertyTest {

    static final long MAX_MILLIS = 3_000;
    static final long ALLOCATED_PER_BYTE = 32;
    static final long ALLOCATED_CONSTANT = 4L * 1024 * 1024;
    static final int MIN_FILES = 1000;
    /** Files from this size on are counted apart: their allocation per byte shows without the constant's noise. */
    static final int BIG_FILE_BYTES = 256 * 1024;

    private static final List<TemplateColumn> TEMPLATE = TemplateColumn.forAccount(false);
    private static final UploadLimits LIMITS = new UploadLimits(null, null);
    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory),Department (Optional)";

    private static final AtomicInteger files = new AtomicInteger();
    private static final AtomicInteger parsed = new AtomicInteger();
    private static final AtomicLong bytesRead = new AtomicLong();
    private static final AtomicLong maxMillis = new AtomicLong();
    private static final AtomicReference<Double> maxPerByte = new AtomicReference<>(0.0);
    private static final AtomicLong bigFileBytes = new AtomicLong();
    private static final AtomicLong bigFileAllocated = new AtomicLong();
    private static final AtomicLong bigParseBytes = new AtomicLong();
    private static final AtomicLong bigParseAllocated = new AtomicLong();
    private static final AtomicReference<Double> mostOfBound = new AtomicReference<>(0.0);
    /** Reads on a thread of its own, so that a file that never ends its parse fails the time bound. */
    private static final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reader-under-test");
        t.setDaemon(true);
        return t;
    });

    private final CsvFileReader reader = new CsvFileReader(LIMITS);

    @Property(tries = 400, shrinking = ShrinkingMode.FULL)
    void shouldParseOrRefuseRandomBytes(@ForAll @Size(max = 4096) byte[] bytes) {
        assertParsedOrRefused(bytes);
    }

    @Property(tries = 200)
    void shouldParseOrRefuseRandomBytesAfterAByteOrderMark(@ForAll("byteOrderMarks") byte[] bom,
            @ForAll @Size(max = 70_000) byte[] bytes) {
        assertParsedOrRefused(insert(bytes, 0, bom));
    }

    @Property(tries = 100)
    void shouldParseOrRefuseTruncatedMultiByteCharacters(@ForAll("validFiles") String file, @ForAll @IntRange(min = 1, max = 3) int cut,
            @ForAll("multiByteCharacters") String character, @ForAll @IntRange(min = 0, max = 10_000) int where) {
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        byte[] partial = Arrays.copyOf(character.getBytes(StandardCharsets.UTF_8), Math.min(cut, character.getBytes(StandardCharsets.UTF_8).length - 1));
        assertParsedOrRefused(insert(bytes, where % (bytes.length + 1), partial));
    }

    @Property(tries = 100)
    void shouldParseOrRefuseNulAndControlCharacters(@ForAll("validFiles") String file,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 31) Integer> controls,
            @ForAll @IntRange(min = 0, max = 10_000) int where) {
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        byte[] inserted = new byte[controls.size()];
        for (int i = 0; i < inserted.length; i++) {
            inserted[i] = controls.get(i).byteValue();
        }
        assertParsedOrRefused(insert(bytes, where % (bytes.length + 1), inserted));
    }

    @Property(tries = 60)
    void shouldRefuseMegabyteFieldsInBoundedMemory(@ForAll @IntRange(min = 60_000, max = 2_000_000) int length,
            @ForAll boolean quoted, @ForAll boolean newlines, @ForAll @IntRange(min = 0, max = 2) int column) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        String[] row = { "Ann", "ann@demo.example", "Sales" };
        // Line breaks only inside quotes: unquoted, they would make many short rows.
        String filler = newlines && quoted ? ("x".repeat(79) + "\n").repeat(length / 80 + 1).substring(0, length) : "x".repeat(length);
        row[column] = quoted ? "\"" + filler + "\"" : filler;
        csv.append(String.join(",", row)).append("\r\n");
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Object outcome = assertParsedOrRefused(bytes);
        // No value that long passes, however it is written.
        assertRefused(outcome, "a " + length + "-character value");
    }

    @Property(tries = 60)
    void shouldRefuseThousandsOfColumns(@ForAll @IntRange(min = 1_000, max = 20_000) int columns, @ForAll boolean inHeader,
            @ForAll("separators") String separator) {
        String many = String.join(separator, java.util.Collections.nCopies(columns, inHeader ? "Email Address (Mandatory)" : "v"));
        String csv = inHeader ? many + "\r\nA\r\n" : HEADER.replace(",", separator) + "\r\n" + many + "\r\n";
        Object outcome = assertParsedOrRefused(csv.getBytes(StandardCharsets.UTF_8));
        assertRefused(outcome, columns + " columns");
    }

    @Property(tries = 100)
    void shouldParseOrRefuseQuotesThatNeverClose(@ForAll("validFiles") String file, @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll @IntRange(min = 0, max = 5_000) int moreRows) {
        // A quote at the start of a value, never closed, then many more lines.
        String[] lines = file.split("\r\n", -1);
        int line = where % lines.length;
        lines[line] = "\"" + lines[line];
        String csv = String.join("\r\n", lines) + "B,b@demo.example,x\r\n".repeat(moreRows);
        assertParsedOrRefused(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 100)
    void shouldReadTheSameRowsWhateverTheLineEndings(@ForAll("rows") List<String> rows, @ForAll("lineEndings") List<String> endings,
            @ForAll boolean crOnly) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < rows.size(); i++) {
            csv.append(crOnly ? "\r" : endings.get(i % endings.size())).append(rows.get(i));
        }
        csv.append(crOnly ? "\r" : endings.get(0));
        Object outcome = assertParsedOrRefused(csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(outcome instanceof ParsedFile).as("parsed: %s", outcome instanceof ProblemException e ? e.errors() : "").isTrue();
        List<String> names = ((ParsedFile) outcome).rows().stream().map(r -> r.values().get("Display Name (Mandatory)")).toList();
        assertThat(names).isEqualTo(rows.stream().map(r -> r.substring(0, r.indexOf(','))).toList());
    }

    @Property(tries = 60)
    void shouldRefuseSpreadsheetFilesAsSuch(@ForAll boolean zip, @ForAll @Size(max = 2048) byte[] rest) {
        byte[] magic = zip ? new byte[] { 'P', 'K', 3, 4 } : new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0 };
        Object outcome = assertParsedOrRefused(insert(rest, 0, magic));
        assertRefused(outcome, "a spreadsheet file");
        assertThat(((ProblemException) outcome).status().value()).isEqualTo(415);
    }

    @Property(tries = 600)
    void shouldParseOrRefuseMutatedTemplates(@ForAll("validFiles") String file, @ForAll("mutations") List<long[]> mutations) {
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        for (long[] m : mutations) {
            bytes = mutate(bytes, m);
        }
        assertParsedOrRefused(bytes);
    }

    @Property(tries = 40)
    void shouldParseLargeFilesInBoundedMemory(@ForAll("uniformUpToAThousand") int rows, @ForAll("uniformUpToAThousand") int length,
            @ForAll boolean quoted) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        String value = quoted ? "\"" + "y".repeat(length - 2) + "\"" : "y".repeat(length);
        for (int i = 0; i < rows; i++) {
            csv.append('N').append(i).append(',').append(i).append("@demo.example,").append(value).append("\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Object outcome = assertParsedOrRefused(bytes);
        if (bytes.length <= LIMITS.maxFileBytes()) {
            assertThat(outcome instanceof ParsedFile).as("parsed: %s", outcome instanceof ProblemException e ? e.errors() : "").isTrue();
        }
    }

    @Property(tries = 30)
    void shouldParseValidFilesWhole(@ForAll("validFiles") String file) {
        Object outcome = assertParsedOrRefused(file.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome instanceof ParsedFile).as("parsed: %s", outcome instanceof ProblemException e ? e.errors() : "").isTrue();
        assertThat(((ParsedFile) outcome).rows()).hasSize(file.split("\r\n").length - 1);
    }

    @AfterContainer
    static void report() {
        System.out.printf("FIGURE property run: %d files (%d parsed, %d refused), %.1f MB read, slowest %d ms;"
                + " allocated: at most %.0f%% of the bound (%d bytes per byte + %d), at most %.1f bytes per byte of files over 256 KB;"
                + " files over 256 KB: %.1f MB per MB parsed, %.1f MB per MB refused%n",
                files.get(), parsed.get(), files.get() - parsed.get(), bytesRead.get() / 1048576.0, maxMillis.get(),
                mostOfBound.get() * 100, ALLOCATED_PER_BYTE, ALLOCATED_CONSTANT, maxPerByte.get(),
                bigParseBytes.get() == 0 ? 0.0 : (double) bigParseAllocated.get() / bigParseBytes.get(),
                bigFileBytes.get() == 0 ? 0.0 : (double) bigFileAllocated.get() / bigFileBytes.get());
        assertThat(files.get()).as("generated files in the run").isGreaterThanOrEqualTo(MIN_FILES);
    }

    /** Reads the file; returns the ParsedFile or the 4xx ProblemException; fails on anything else or beyond a bound. */
    private Object assertParsedOrRefused(byte[] bytes) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Future<Object[]> read = worker.submit(() -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            long began = System.nanoTime();
            Object outcome;
            try {
                outcome = reader.read(bytes, TEMPLATE);
            } catch (ProblemException e) {
                outcome = e;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            return new Object[] { outcome, millis, threads.getCurrentThreadAllocatedBytes() - before };
        });
        Object[] result;
        try {
            result = read.get(MAX_MILLIS * 3, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            throw new AssertionError("A " + bytes.length + "-byte file was still being read after " + MAX_MILLIS * 3 + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError("A " + bytes.length + "-byte file threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Object outcome = result[0];
        long millis = (long) result[1];
        long allocated = (long) result[2];
        files.incrementAndGet();
        bytesRead.addAndGet(bytes.length);
        maxMillis.accumulateAndGet(millis, Math::max);
        if (bytes.length >= BIG_FILE_BYTES) {
            maxPerByte.accumulateAndGet((double) allocated / bytes.length, Math::max);
        }
        if (bytes.length >= BIG_FILE_BYTES) {
            (outcome instanceof ParsedFile ? bigParseBytes : bigFileBytes).addAndGet(bytes.length);
            (outcome instanceof ParsedFile ? bigParseAllocated : bigFileAllocated).addAndGet(allocated);
        }
        mostOfBound.accumulateAndGet((double) allocated / (ALLOCATED_PER_BYTE * bytes.length + ALLOCATED_CONSTANT), Math::max);
        if (outcome instanceof ProblemException e) {
            assertThat(e.status().is4xxClientError()).as(e.getMessage()).isTrue();
            assertThat(e.errors()).isNotEmpty();
            assertThat(e.errors().toString()).as("the answer quotes only excerpts").hasSizeLessThan(8_000);
        } else {
            parsed.incrementAndGet();
            assertThat(outcome).isInstanceOf(ParsedFile.class);
            assertThat(((ParsedFile) outcome).rows()).hasSizeBetween(1, LIMITS.maxRows());
        }
        assertThat(millis).as("ms to read a %d-byte file", bytes.length).isLessThan(MAX_MILLIS);
        assertThat(allocated).as("bytes allocated to read a %d-byte file", bytes.length)
                .isLessThan(ALLOCATED_PER_BYTE * bytes.length + ALLOCATED_CONSTANT);
        return outcome;
    }

    private static void assertRefused(Object outcome, String what) {
        assertThat(outcome instanceof ProblemException).as("%s is refused", what).isTrue();
    }

    @Provide
    Arbitrary<String> validFiles() {
        return rows().map(rows -> HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n");
    }

    @Provide
    Arbitrary<List<String>> rows() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars("ÄéßŁ水 ").ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.isBlank()).map(s -> "N" + s.strip());
        Arbitrary<String> email = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).map(s -> s + "@demo.example");
        Arbitrary<String> department = Arbitraries.of("", "Sales", "\"R&D, Lab\"", "\"said \"\"hi\"\"\"", "\"two\nlines\"");
        return Combinators.combine(name, email, department).as((n, e, d) -> n + "," + e + "," + d).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Integer> uniformUpToAThousand() {
        return Arbitraries.integers().between(100, 1_000).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<byte[]> byteOrderMarks() {
        return Arbitraries.of(new byte[0], new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, new byte[] { (byte) 0xFF, (byte) 0xFE },
                new byte[] { (byte) 0xFE, (byte) 0xFF });
    }

    @Provide
    Arbitrary<String> multiByteCharacters() {
        return Arbitraries.of("é", "ß", "€", "水", "🙂", "\uFEFF");
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(",", ";");
    }

    @Provide
    Arbitrary<List<String>> lineEndings() {
        return Arbitraries.of("\r", "\n", "\r\n").list().ofMinSize(1).ofMaxSize(10);
    }

    /** A mutation: kind, position, value, length. */
    @Provide
    Arbitrary<List<long[]>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 3_000))
                .as((kind, where, value, length) -> new long[] { kind, where, value, length })
                .list().ofMinSize(1).ofMaxSize(8);
    }

    private static byte[] mutate(byte[] bytes, long[] m) {
        int where = bytes.length == 0 ? 0 : (int) (m[1] % (bytes.length + 1));
        byte value = (byte) m[2];
        int length = (int) m[3];
        return switch ((int) m[0]) {
            case 0 -> insert(bytes, where, new byte[] { value });
            case 1 -> where < bytes.length ? remove(bytes, where, Math.min(length, bytes.length - where)) : bytes;
            case 2 -> {
                byte[] copy = bytes.clone();
                if (where < copy.length) {
                    copy[where] = value;
                }
                yield copy;
            }
            case 3 -> insert(bytes, where, new byte[] { '"' });
            case 4 -> insert(bytes, where, ",".repeat(length).getBytes(StandardCharsets.US_ASCII));
            case 5 -> insert(bytes, where, Arrays.copyOfRange(bytes, where / 2, Math.min(bytes.length, where / 2 + length)));
            default -> {
                byte[] random = new byte[length];
                new Random(m[1] * 31 + m[2]).nextBytes(random);
                yield insert(bytes, where, random);
            }
        };
    }

    private static byte[] insert(byte[] bytes, int where, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, where);
        out.write(inserted, 0, inserted.length);
        out.write(bytes, where, bytes.length - where);
        return out.toByteArray();
    }

    private static byte[] remove(byte[] bytes, int where, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(bytes, 0, where);
        out.write(bytes, where + length, bytes.length - where - length);
        return out.toByteArray();
    }
}
