package com.bulkimport.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.web.ApiError;
import com.bulkimport.ingest.web.ProblemException;

class CsvFileReaderTest {

    private static final List<TemplateColumn> TEMPLATE = TemplateColumn.forAccount(true);
    private final CsvFileReader reader = new CsvFileReader(new UploadLimits(2048L, 3));

    @Test
    void shouldReadRowsKeyedByTemplateHeaderWithSpreadsheetRowNumbers() {
        ParsedFile file = read("\uFEFF display name (MANDATORY) ,Email Address (Mandatory),Import Errors\r\n"
                + "Ann Lee , ann@demo.example ,old reason\r\n"
                + ",,\r\n"
                + "\"Ray, Bob\",bob@demo.example,\r\n", StandardCharsets.UTF_8);

        assertThat(file.rows()).extracting(ParsedFile.Row::row).containsExactly(2, 4);
        assertThat(file.rows().get(0).values()).containsEntry("Display Name (Mandatory)", "Ann Lee")
                .containsEntry("Email Address (Mandatory)", "ann@demo.example").hasSize(2);
        assertThat(file.rows().get(1).values()).containsEntry("Display Name (Mandatory)", "Ray, Bob");
    }

    @Test
    void shouldReadSemicolonFilesInWindows1252AndUtf16() {
        String text = "Display Name (Mandatory);Email Address (Mandatory)\r\nRené Müller;rene@demo.example\r\n";
        assertThat(read(text, Charset.forName("windows-1252")).rows().get(0).values())
                .containsEntry("Display Name (Mandatory)", "René Müller");
        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        assertThat(reader.read(utf16, TEMPLATE).rows().get(0).values()).containsEntry("Display Name (Mandatory)", "René Müller");
    }

    @Test
    void shouldNameAnUnknownColumnAndSuggestTheNearestHeader() {
        assertThat(errorsOf("Display Name (Mandatory),Email Adress (Mandatory)\r\nA,a@b.example\r\n"))
                .extracting(ApiError::code, ApiError::suggestion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("UNKNOWN_COLUMN", "Email Address (Mandatory)"),
                        org.assertj.core.groups.Tuple.tuple("MISSING_COLUMN", null));
    }

    @Test
    void shouldRefuseDuplicatedColumnsUnclosedQuotesAndLongRows() {
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory),email address (mandatory)\r\nA,a@b.example,\r\n"))
                .extracting(ApiError::code).containsExactly("DUPLICATE_COLUMN");
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory)\r\nA,a@b.example\r\n\"B,b@b.example\r\nC,c@b.example\r\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("MALFORMED_CSV");
                    assertThat(e.line()).isEqualTo(3);
                });
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory)\r\nA,a@b.example,extra\r\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("TOO_MANY_FIELDS");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void shouldRefuseFilesWithoutRowsWithTooManyRowsOrTooLarge() {
        String header = "Display Name (Mandatory),Email Address (Mandatory)\r\n";
        assertThat(errorsOf(header + ",\r\n")).extracting(ApiError::code).containsExactly("NO_USER_ROWS");
        assertThat(errorsOf(header + "A,a@x.example\r\nB,b@x.example\r\nC,c@x.example\r\nD,d@x.example\r\n"))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("more than 3 user rows").contains("limit is 3"));
        assertThatThrownBy(() -> reader.read(new byte[4096], TEMPLATE)).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.errors().get(0).message()).contains("4096").contains("2048");
                });
    }

    @Test
    void shouldRefuseAnEmptyAnUnreadableAndAnUndeclaredTooLargeFileEachWithItsCode() {
        assertThat(errorsOf("")).extracting(ApiError::code).containsExactly("EMPTY_FILE");
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> reader.read(broken, 10, TEMPLATE)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors()).extracting(ApiError::code).containsExactly("UNREADABLE_FILE"));
        // A stream longer than it said: read up to one byte beyond the limit, its size unknown
        assertThatThrownBy(() -> reader.read(new java.io.ByteArrayInputStream(new byte[4096]), 10, TEMPLATE))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.code()).isEqualTo("FILE_TOO_LARGE");
                    assertThat(error.message()).startsWith("The file is more than 2048 bytes");
                }));
    }

    @Test
    void shouldKeepBackslashesAsTheyAre() {
        ParsedFile file = read("Display Name (Mandatory),Email Address (Mandatory),Department (Optional)\r\n"
                + "\"Smith \\\",smith@demo.example,Dev\\Ops\r\n", StandardCharsets.UTF_8);
        assertThat(file.rows().get(0).values()).containsEntry("Display Name (Mandatory)", "Smith \\")
                .containsEntry("Department (Optional)", "Dev\\Ops");
    }

    @Test
    void shouldSuggestTheNearestUnusedHeaderForARepeatedColumn() {
        assertThat(errorsOf("Display Name (Mandatory),Email Address (Mandatory),Job Title (Optional),Job Title (Optional)\r\nA,a@b.example,,\r\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("DUPLICATE_COLUMN");
                    assertThat(e.suggestion()).isNotNull().isNotEqualTo("Job Title (Optional)");
                });
    }

    @Test
    void shouldRefuseAnExcelWorkbookByItsContent() {
        byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0};
        assertThatThrownBy(() -> reader.read(xlsx, TEMPLATE)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            assertThat(e.errors().get(0).code()).isEqualTo("SPREADSHEET_FILE");
            assertThat(e.errors().get(0).message()).contains("XLSX").contains("CSV");
        });
    }

    @Test
    void shouldRefuseOnPremisesColumnsForAnAccountWithoutThem() {
        assertThatThrownBy(() -> reader.read(("Display Name (Mandatory),Email Address (Mandatory),Cloud Extension (Optional)\r\n"
                + "A,a@b.example,\r\n").getBytes(StandardCharsets.UTF_8), TemplateColumn.forAccount(false)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.errors()).extracting(ApiError::code).containsExactly("UNKNOWN_COLUMN"));
    }

    private ParsedFile read(String text, Charset charset) {
        return reader.read(text.getBytes(charset), TEMPLATE);
    }

    private List<ApiError> errorsOf(String text) {
        try {
            read(text, StandardCharsets.UTF_8);
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            return e.errors();
        }
        throw new AssertionError("The file was accepted");
    }

    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory)\r\n";
    private final CsvFileReader roomy = new CsvFileReader(new UploadLimits(4L * 1024 * 1024, 1000));

    @Test
    void shouldStopReadingAtTheFirstRowBeyondTheLimit() {
        String rest = "\"never closed\r\n" + "x\r\n".repeat(100);
        assertThat(errorsOf(HEADER + "A,a@x.example\r\nB,b@x.example\r\nC,c@x.example\r\nD,d@x.example\r\n" + rest))
                .singleElement().satisfies(e -> {
                    assertThat(e.code()).isEqualTo("TOO_MANY_ROWS");
                    assertThat(e.line()).isEqualTo(5);
                });
    }

    @Test
    void shouldRefuseAHugeLineQuicklyNamingItWithoutEchoingIt() {
        String line = "A" + ",x".repeat(750_000);
        long started = System.nanoTime();
        ApiError error = singleError(roomy, HEADER + line + "\r\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(error.code()).isEqualTo("LINE_TOO_LONG");
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.message()).hasSizeLessThan(200);
    }

    @Test
    void shouldRefuseAValueLongerThanAnyColumnAllowsWithAnExcerpt() {
        String value = "V".repeat(5000);
        ApiError error = singleError(roomy, HEADER + value + ",a@x.example\r\n");
        assertThat(error.code()).isEqualTo("VALUE_TOO_LONG");
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.column()).isEqualTo("Display Name (Mandatory)");
        assertThat(error.message()).contains("V".repeat(40) + "…").doesNotContain("V".repeat(41));
    }

    @Test
    void shouldRefuseTooManyColumnsAndAnswerARepeatedHeaderFastAndShort() {
        // 5,000 repeats (130,000 characters): longer than a line may be
        String repeated = "Display Name (Mandatory),Email Address (Mandatory)" + ",Email Address (Mandatory)".repeat(5000);
        long started = System.nanoTime();
        assertThat(singleError(roomy, repeated + "\r\nA,a@x.example\r\n").code()).isEqualTo("LINE_TOO_LONG");
        // 2,000 repeats: within the line bound, beyond the column bound
        ApiError error = singleError(roomy, repeated.substring(0, 52 + 26 * 2000) + "\r\nA,a@x.example\r\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(error.code()).isEqualTo("TOO_MANY_COLUMNS");
        assertThat(error.line()).isEqualTo(1);

        // within the column bound, each repeated column is named, but only so many are listed
        String header = "Display Name (Mandatory)" + ",Bogus Column".repeat(30) + "\r\nA\r\n";
        List<ApiError> errors = errorsOf(roomy, header);
        assertThat(errors).hasSize(CsvFileReader.MAX_REPORTED_ERRORS + 2);
        assertThat(errors).extracting(ApiError::code).contains("UNKNOWN_COLUMN", "MISSING_COLUMN", "MORE_COLUMN_ERRORS");
    }

    @Test
    void shouldRefuseAQuotedValueSpanningTooManyLinesNamingWhereItOpens() {
        String text = HEADER + "A,a@x.example\r\n\"B" + "\r\nmore".repeat(1000) + "\",b@x.example\r\n";
        ApiError error = singleError(roomy, text);
        assertThat(error.code()).isEqualTo("QUOTED_VALUE_TOO_LONG");
        assertThat(error.line()).isEqualTo(3);
    }

    @Test
    void shouldReadBackslashesAndNulsAsDataNotEscapes() {
        ParsedFile file = read(HEADER + "\"C:\\dir\\ \"\"x\"\" a\u0000b\\\",c@x.example\r\n", StandardCharsets.UTF_8);
        assertThat(file.rows().get(0).values()).containsEntry("Display Name (Mandatory)", "C:\\dir\\ \"x\" a\u0000b\\");
    }

    @Test
    void shouldNeverKeepABomInTheFirstHeaderAndGuessTheDelimiterOfCrOnlyFiles() {
        byte[] bomThen1252 = ("\uFEFF\uFEFF" + "Display Name (Mandatory);Email Address (Mandatory)\rRené;rene@x.example\r")
                .getBytes(Charset.forName("windows-1252").newEncoder().canEncode('\uFEFF') ? Charset.forName("windows-1252")
                        : StandardCharsets.UTF_8);
        ParsedFile file = reader.read(bomThen1252, TEMPLATE);
        assertThat(file.headers().get(0)).isEqualTo("Display Name (Mandatory)");
        assertThat(file.rows()).singleElement().satisfies(r -> assertThat(r.values())
                .containsEntry("Display Name (Mandatory)", "René").containsEntry("Email Address (Mandatory)", "rene@x.example"));

        byte[] utf8Bom = new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        byte[] latin = "Display Name (Mandatory),Email Address (Mandatory)\r\nRen\u00e9,rene@x.example\r\n"
                .getBytes(Charset.forName("windows-1252"));
        byte[] both = new byte[utf8Bom.length + latin.length];
        System.arraycopy(utf8Bom, 0, both, 0, 3);
        System.arraycopy(latin, 0, both, 3, latin.length);
        ParsedFile mixed = reader.read(both, TEMPLATE);
        assertThat(mixed.headers().get(0)).isEqualTo("Display Name (Mandatory)");
        assertThat(mixed.rows().get(0).values()).containsEntry("Display Name (Mandatory)", "René");
    }

    @Test
    void shouldParseAtMostTheConfiguredNumberOfFilesAtOnce() throws Exception {
        CsvFileReader single = new CsvFileReader(new UploadLimits(2048L, 3, 1, null, null, null, null));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            @Override
            public int read() throws IOException {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        var first = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                single.read(slow, 10, TEMPLATE);
            } catch (ProblemException expected) {
                // an empty file
            }
        });
        reading.await();
        byte[] file = (HEADER + "A,a@x.example\r\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> single.read(file, TEMPLATE)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            assertThat(e.retryAfter()).isPositive();
        });
        release.countDown();
        first.get();
        assertThat(single.read(file, TEMPLATE).rows()).hasSize(1);
    }

    @Test
    void shouldHandOverEachRowWhileTheRestOfTheFileIsUnread() {
        // 100,000 rows (2.9 MB), generated as they are read: the check keeps none of them.
        int rows = 100_000;
        CsvFileReader large = new CsvFileReader(new UploadLimits(16L * 1024 * 1024, rows));
        List<GeneratedFile> passes = new ArrayList<>();
        long[] readWhenFirstRow = { -1 };
        int[] handedOver = { 0 };
        CsvFileReader.Summary summary = large.check(() -> {
            GeneratedFile file = new GeneratedFile(rows);
            passes.add(file);
            return file;
        }, 0, TEMPLATE, row -> {
            if (handedOver[0]++ == 0) {
                readWhenFirstRow[0] = passes.get(passes.size() - 1).read;
            }
            assertThat(row.values()).containsEntry("Email Address (Mandatory)", "u" + (row.row() - 2) + "@x.example");
        });

        assertThat(summary.rowCount()).isEqualTo(rows);
        assertThat(handedOver[0]).isEqualTo(rows);
        long size = passes.get(0).read;
        assertThat(size).isGreaterThan(2_800_000);
        assertThat(readWhenFirstRow[0]).isPositive().isLessThan(64 * 1024);
        // Its size and encoding, the separator (the header row only), the rows: each a pass of its own.
        assertThat(passes).hasSize(3);
        assertThat(passes.get(1).read).isLessThan(64 * 1024);
    }

    @Test
    void shouldReadAsUtf8ACharacterSplitBetweenTwoBufferFills() {
        // The encoding pass decodes through an 8 KB buffer after the first 4 bytes: its first refill is at byte 8196.
        for (int at = 8180; at < 8210; at++) {
            StringBuilder text = new StringBuilder(HEADER);
            while (text.length() < at - 100) {
                text.append("B,b@x.example\r\n");
            }
            String name = "A" + "x".repeat(at - text.length() - 1) + "é\uD83D\uDE00";
            text.append(name).append(",a@x.example\r\n");
            List<ParsedFile.Row> rows = roomy.read(text.toString().getBytes(StandardCharsets.UTF_8), TEMPLATE).rows();
            assertThat(rows.get(rows.size() - 1).values()).as("split at %d", at)
                    .containsEntry("Display Name (Mandatory)", name);
        }
    }

    @Test
    void shouldRefuseALargerFileThanDeclaredWhenItIsMeasured() {
        assertThatThrownBy(() -> reader.check(() -> new java.io.ByteArrayInputStream(new byte[4096]), 10, TEMPLATE, row -> { }))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.errors()).extracting(ApiError::message)
                                .containsExactly("The file is more than 2048 bytes; the limit is 2048 bytes."));
    }

    /** A CSV file of numbered rows made as it is read, counting the bytes read. */
    private static final class GeneratedFile extends InputStream {

        private final int rows;
        private int next = -1;
        private byte[] line = new byte[0];
        private int position;
        long read;

        GeneratedFile(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (position == line.length) {
                if (next == rows) {
                    return -1;
                }
                line = (next < 0 ? HEADER : "User " + next + ",u" + next + "@x.example\r\n").getBytes(StandardCharsets.UTF_8);
                next++;
                position = 0;
            }
            read++;
            return line[position++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = 0;
            for (int b; n < length && (b = read()) >= 0; n++) {
                buffer[offset + n] = (byte) b;
            }
            return n == 0 && length > 0 ? -1 : n;
        }
    }

    private static ApiError singleError(CsvFileReader reader, String text) {
        List<ApiError> errors = errorsOf(reader, text);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    private static List<ApiError> errorsOf(CsvFileReader reader, String text) {
        try {
            reader.read(text.getBytes(StandardCharsets.UTF_8), TEMPLATE);
        } catch (ProblemException e) {
            return e.errors();
        }
        throw new AssertionError("accepted");
    }
}
