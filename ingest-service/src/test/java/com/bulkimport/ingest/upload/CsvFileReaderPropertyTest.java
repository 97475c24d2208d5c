package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

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
 * The properties run on QuickTheories, inside ordinary Jupiter tests; a falsified property is
 * shrunk to a smallest failing example and reported with its seed. Each property counts the files
 * it read and fails with fewer than its examples; the run fails with fewer than {@link #MIN_FILES}
 * files in all. It prints its figures, files per property among them, as a {@code FIGURE} line
 * (surefire's {@code -output.txt}).
 */
class CsvFileReaderPropertyTest {

    static final long MAX_MILLIS = 3_000;
    static final long ALLOCATED_PER_BYTE = 32;
    static final long ALLOCATED_CONSTANT = 4L * 1024 * 1024;
    static final int MIN_FILES = 1000;
    /**
     * Steps to shrink a failure (each re-reads a file): enough to take a 4 KB failing file down to about a dozen bytes
     * (500 were not), bounded so that a failing run still ends (in seconds for files of a few KB).
     */
    static final int SHRINK_CYCLES = 20_000;
    /**
     * For the files of up to 70 KB: QuickTheories shrinks an array by cutting its end, which rarely keeps the failing
     * byte, so that more steps buy little (measured: 20,000 steps took 54 s and left 70 KB, 100,000 took 157 s for 52
     * bytes); the failure still shows the byte-order mark, the file and the seed.
     */
    static final int SHRINK_CYCLES_LARGE_RANDOM = 2_000;
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
    /** Files read per property, in the order the properties ran. */
    private static final Map<String, Integer> RAN = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Reads on a thread of its own, so that a file that never ends its parse fails the time bound. */
    private static final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reader-under-test");
        t.setDaemon(true);
        return t;
    });

    private final CsvFileReader reader = new CsvFileReader(LIMITS);
    private String propertyName = "none";
    private int examplesAsked;
    private int filesBefore;

    @Test
    void shouldParseOrRefuseRandomBytes() {
        property("random bytes", 400).forAll(bytes(4096)).checkAssert(this::assertParsedOrRefused);
    }

    @Test
    void shouldParseOrRefuseRandomBytesAfterAByteOrderMark() {
        property("random bytes after a byte-order mark", 200).withShrinkCycles(SHRINK_CYCLES_LARGE_RANDOM)
                .forAll(byteOrderMarks(), bytes(70_000))
                .checkAssert((bom, bytes) -> assertParsedOrRefused(insert(bytes, 0, bom)));
    }

    @Test
    void shouldParseOrRefuseTruncatedMultiByteCharacters() {
        property("truncated multi-byte characters", 100)
                .forAll(validFiles(), integers().between(1, 3), multiByteCharacters(), integers().between(0, 10_000))
                .checkAssert((file, cut, character, where) -> {
                    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
                    byte[] encoded = character.getBytes(StandardCharsets.UTF_8);
                    byte[] partial = Arrays.copyOf(encoded, Math.min(cut, encoded.length - 1));
                    assertParsedOrRefused(insert(bytes, where % (bytes.length + 1), partial));
                });
    }

    @Test
    void shouldParseOrRefuseNulAndControlCharacters() {
        property("NUL and control characters", 100)
                .forAll(validFiles(), lists().of(integers().between(0, 31)).ofSizeBetween(1, 20), integers().between(0, 10_000))
                .checkAssert((file, controls, where) -> {
                    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
                    byte[] inserted = new byte[controls.size()];
                    for (int i = 0; i < inserted.length; i++) {
                        inserted[i] = controls.get(i).byteValue();
                    }
                    assertParsedOrRefused(insert(bytes, where % (bytes.length + 1), inserted));
                });
    }

    @Test
    void shouldRefuseMegabyteFieldsInBoundedMemory() {
        // One in four from 300,000 to 2,000,000 characters, the others from 60,000: uniform over the whole range, the
        // run would read twice the megabytes for no other kind of file.
        Gen<Integer> lengths = Generate.frequency(Pair.of(3, integers().between(60_000, 300_000)), Pair.of(1, integers().between(300_000, 2_000_000)));
        property("megabyte fields", 60).forAll(lengths, booleans().all(), booleans().all(), integers().between(0, 2))
                .checkAssert((length, quoted, newlines, column) -> {
                    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
                    String[] row = { "Ann", "ann@demo.example", "Sales" };
                    // Line breaks only inside quotes: unquoted, they would make many short rows.
                    String filler = newlines && quoted ? ("x".repeat(79) + "\n").repeat(length / 80 + 1).substring(0, length) : "x".repeat(length);
                    row[column] = quoted ? "\"" + filler + "\"" : filler;
                    csv.append(String.join(",", row)).append("\r\n");
                    Object outcome = assertParsedOrRefused(csv.toString().getBytes(StandardCharsets.UTF_8));
                    // No value that long passes, however it is written.
                    assertRefused(outcome, "a " + length + "-character value");
                });
    }

    @Test
    void shouldRefuseThousandsOfColumns() {
        property("thousands of columns", 60).forAll(integers().between(1_000, 20_000), booleans().all(), arbitrary().pick(",", ";"))
                .checkAssert((columns, inHeader, separator) -> {
                    String many = String.join(separator, Collections.nCopies(columns, inHeader ? "Email Address (Mandatory)" : "v"));
                    String csv = inHeader ? many + "\r\nA\r\n" : HEADER.replace(",", separator) + "\r\n" + many + "\r\n";
                    Object outcome = assertParsedOrRefused(csv.getBytes(StandardCharsets.UTF_8));
                    assertRefused(outcome, columns + " columns");
                });
    }

    @Test
    void shouldParseOrRefuseQuotesThatNeverClose() {
        property("quotes that never close", 100).forAll(validFiles(), integers().between(0, 10_000), integers().between(0, 5_000))
                .checkAssert((file, where, moreRows) -> {
                    // A quote at the start of a value, never closed, then many more lines.
                    String[] lines = file.split("\r\n", -1);
                    int line = where % lines.length;
                    lines[line] = "\"" + lines[line];
                    String csv = String.join("\r\n", lines) + "B,b@demo.example,x\r\n".repeat(moreRows);
                    assertParsedOrRefused(csv.getBytes(StandardCharsets.UTF_8));
                });
    }

    @Test
    void shouldReadTheSameRowsWhateverTheLineEndings() {
        property("mixed and CR-only line endings", 100)
                .forAll(rows(), lists().of(arbitrary().pick("\r", "\n", "\r\n")).ofSizeBetween(1, 10), booleans().all())
                .checkAssert((rows, endings, crOnly) -> {
                    StringBuilder csv = new StringBuilder(HEADER);
                    for (int i = 0; i < rows.size(); i++) {
                        csv.append(crOnly ? "\r" : endings.get(i % endings.size())).append(rows.get(i));
                    }
                    csv.append(crOnly ? "\r" : endings.get(0));
                    Object outcome = assertParsedOrRefused(csv.toString().getBytes(StandardCharsets.UTF_8));
                    assertThat(outcome instanceof ParsedFile).as("parsed: %s", outcome instanceof ProblemException e ? e.errors() : "").isTrue();
                    List<String> names = ((ParsedFile) outcome).rows().stream().map(r -> r.values().get("Display Name (Mandatory)")).toList();
                    assertThat(names).isEqualTo(rows.stream().map(r -> r.substring(0, r.indexOf(','))).toList());
                });
    }

    @Test
    void shouldRefuseSpreadsheetFilesAsSuch() {
        property("zip and OLE2 headers", 60).forAll(booleans().all(), bytes(2048)).checkAssert((zip, rest) -> {
            byte[] magic = zip ? new byte[] { 'P', 'K', 3, 4 } : new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0 };
            Object outcome = assertParsedOrRefused(insert(rest, 0, magic));
            assertRefused(outcome, "a spreadsheet file");
            assertThat(((ProblemException) outcome).status().value()).isEqualTo(415);
        });
    }

    @Test
    void shouldParseOrRefuseMutatedTemplates() {
        property("mutated templates", 600).forAll(validFiles(), mutations()).checkAssert((file, mutations) -> {
            byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
            for (long[] m : mutations) {
                bytes = mutate(bytes, m);
            }
            assertParsedOrRefused(bytes);
        });
    }

    @Test
    void shouldParseLargeFilesInBoundedMemory() {
        // Uniform: as many files near a thousand rows of a thousand characters as near a hundred.
        property("large valid files", 40).forAll(integers().between(100, 1_000), integers().between(100, 1_000), booleans().all())
                .checkAssert((rows, length, quoted) -> {
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
                });
    }

    @Test
    void shouldParseValidFilesWhole() {
        property("valid files", 30).forAll(validFiles()).checkAssert(file -> {
            Object outcome = assertParsedOrRefused(file.getBytes(StandardCharsets.UTF_8));
            assertThat(outcome instanceof ParsedFile).as("parsed: %s", outcome instanceof ProblemException e ? e.errors() : "").isTrue();
            assertThat(((ParsedFile) outcome).rows()).hasSize(file.split("\r\n").length - 1);
        });
    }

    /**
     * The property's files, counted here. QuickTheories skips an example it has already tried (the same draws), and
     * that skip uses up one of the examples asked for: a property reads a few fewer files than it asks for (at most 5
     * fewer in 400, measured). Fewer than nine in ten fails: a generator that repeats itself is not testing.
     */
    @AfterEach
    void countFiles() {
        int ran = files.get() - filesBefore;
        RAN.put(propertyName, ran);
        assertThat(ran).as("files read by the property \"%s\" (%d examples asked)", propertyName, examplesAsked)
                .isGreaterThanOrEqualTo(examplesAsked * 9 / 10);
    }

    @AfterAll
    static void report() {
        System.out.printf("FIGURE property run: %d files (%d parsed, %d refused), %.1f MB read, slowest %d ms;"
                + " allocated: at most %.0f%% of the bound (%d bytes per byte + %d), at most %.1f bytes per byte of files over 256 KB;"
                + " files over 256 KB: %.1f MB per MB parsed, %.1f MB per MB refused; files per property: %s%n",
                files.get(), parsed.get(), files.get() - parsed.get(), bytesRead.get() / 1048576.0, maxMillis.get(),
                mostOfBound.get() * 100, ALLOCATED_PER_BYTE, ALLOCATED_CONSTANT, maxPerByte.get(),
                bigParseBytes.get() == 0 ? 0.0 : (double) bigParseAllocated.get() / bigParseBytes.get(),
                bigFileBytes.get() == 0 ? 0.0 : (double) bigFileAllocated.get() / bigFileBytes.get(), RAN);
        assertThat(files.get()).as("generated files in the run").isGreaterThanOrEqualTo(MIN_FILES);
    }

    /**
     * A property of {@code examples} generated files, examples counted by the test itself; a failure is shrunk for at
     * most {@link #SHRINK_CYCLES} steps and reported with its seed.
     */
    private QuickTheory property(String name, int examples) {
        propertyName = name;
        examplesAsked = examples;
        filesBefore = files.get();
        return QuickTheory.qt().withExamples(examples).withUnlimitedTestingTime().withShrinkCycles(SHRINK_CYCLES);
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

    /** Byte arrays up to {@code max} long: one in four at most 16 bytes, where the edge cases (empty, one byte) lie. */
    private static Gen<byte[]> bytes(int max) {
        Gen<Integer> sizes = Generate.frequency(Pair.of(1, integers().between(0, 16)), Pair.of(3, integers().between(0, max)));
        return Generate.byteArrays(sizes, Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    private static Gen<String> validFiles() {
        return rows().map(rows -> HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n");
    }

    private static Gen<List<String>> rows() {
        List<Character> nameCharacters = new ArrayList<>();
        for (char c = 'a'; c <= 'z'; c++) {
            nameCharacters.add(c);
        }
        "ÄéßŁ水 ".chars().forEach(c -> nameCharacters.add((char) c));
        Gen<String> name = lists().of(Generate.pick(nameCharacters)).ofSizeBetween(1, 30)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()))
                .map(s -> "N" + (s.isBlank() ? "x" : s.strip()));
        Gen<String> email = lists().of(Generate.pick(nameCharacters.subList(0, 26))).ofSizeBetween(1, 20)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()) + "@demo.example");
        Gen<String> department = arbitrary().pick("", "Sales", "\"R&D, Lab\"", "\"said \"\"hi\"\"\"", "\"two\nlines\"");
        return lists().of(name.zip(email, department, (n, e, d) -> n + "," + e + "," + d)).ofSizeBetween(1, 40);
    }

    private static Gen<byte[]> byteOrderMarks() {
        return arbitrary().pick(List.of(new byte[0], new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, new byte[] { (byte) 0xFF, (byte) 0xFE },
                new byte[] { (byte) 0xFE, (byte) 0xFF })).describedAs(Arrays::toString);
    }

    private static Gen<String> multiByteCharacters() {
        return arbitrary().pick("é", "ß", "€", "水", "🙂", "\uFEFF");
    }

    /** A mutation: kind, position, value, length. */
    private static Gen<List<long[]>> mutations() {
        Gen<long[]> mutation = integers().between(0, 6).zip(integers().between(0, 100_000), integers().between(0, 255), integers().between(1, 3_000),
                (kind, where, value, length) -> new long[] { kind, where, value, length });
        return lists().of(mutation).ofSizeBetween(1, 8)
                .describedAs(list -> list.stream().map(Arrays::toString).collect(Collectors.joining(", ", "[", "]")));
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
