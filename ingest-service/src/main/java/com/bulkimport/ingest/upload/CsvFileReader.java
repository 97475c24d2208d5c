package com.bulkimport.ingest.upload;

import static com.bulkimport.ingest.web.ApiErrorCode.*;

import java.io.ByteArrayInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.text.similarity.LevenshteinDistance;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.web.ApiError;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;

/**
 * Checks an uploaded file as a whole and reads its rows: what spreadsheets save (BOMs, UTF-16,
 * Windows-1252, semicolons, CR-only lines) is read as meant; a spreadsheet file, a header that is
 * not the template's, malformed CSV, no rows or too many are refused with specific errors.
 * <p>
 * Promised for any input, however hostile: the work is bounded by {@link UploadLimits}. At most
 * {@code maxConcurrentParses} files are read at once (more are answered 429 with Retry-After);
 * reading stops at the first line, value, column count or quoted span beyond its bound and at the
 * first row beyond the row limit; the header is checked in one pass; an answer quotes at most a
 * short excerpt of any value. RFC 4180 only: no escape character, so a backslash or NUL is data.
 */
public class CsvFileReader {

    /** How much of a value an answer quotes. */
    static final int EXCERPT_CHARS = 40;
    /** How many header errors an answer lists. */
    static final int MAX_REPORTED_ERRORS = 20;

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char BOM = '\uFEFF';
    private final UploadLimits limits;
    private final Semaphore parsing;

    /** A file that can be read more than once: each {@link #open()} starts a new pass from its first byte. */
    @FunctionalInterface
    public interface Source {

        InputStream open() throws IOException;
    }

    /** What the checks keep of a file that passed them: its header row as given and how many user rows it has. */
    public record Summary(List<String> headers, int rowCount) {
    }

    public CsvFileReader(UploadLimits limits) {
        this.limits = limits;
        this.parsing = new Semaphore(limits.maxConcurrentParses());
    }

    public ParsedFile read(byte[] bytes, List<TemplateColumn> template) {
        return read(new ByteArrayInputStream(bytes), bytes.length, template);
    }

    /**
     * Reads a file of the given size (as the multipart request declared it), at most the size
     * limit plus one byte of it, while fewer than {@code maxConcurrentParses} others are read.
     */
    public ParsedFile read(InputStream in, long size, List<TemplateColumn> template) {
        refuseTooLarge(size);
        return exclusively(() -> {
            byte[] bytes;
            try {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
            } catch (IOException e) {
                throw UNREADABLE_FILE.refused();
            }
            refuseTooLarge(bytes.length);
            List<ParsedFile.Row> rows = new ArrayList<>();
            Summary summary = parse(() -> new ByteArrayInputStream(bytes), bytes.length, template, rows::add);
            return new ParsedFile(summary.headers(), rows);
        });
    }

    /**
     * Runs {@code work} (the passes over one file) while fewer than {@code maxConcurrentParses}
     * others run, else refuses at once with 429.
     */
    public <T> T exclusively(Supplier<T> work) {
        if (!parsing.tryAcquire()) {
            throw TOO_MANY_UPLOADS.refused(limits.maxConcurrentParses(), TOO_MANY_UPLOADS.retryAfter().toSeconds());
        }
        try {
            return work.get();
        } finally {
            parsing.release();
        }
    }

    /**
     * Checks a file that can be read again (the upload's temporary file) as a whole, with every
     * check of {@link #read(InputStream, long, List)}, handing each user row to {@code each} as it
     * is read and keeping none: the heap it takes does not grow with the file. Reading it again
     * hands over the same rows, so a caller checks in a first pass (within {@link #exclusively})
     * and publishes in a second.
     *
     * @param size the size the multipart request declared
     */
    public Summary check(Source file, long size, List<TemplateColumn> template, Consumer<ParsedFile.Row> each) {
        refuseTooLarge(size);
        return parse(file, limits.maxFileBytes() + 1, template, each);
    }

    /** Refuses a file larger than the limit (as declared, or as measured: one byte more than the limit). */
    public void refuseTooLarge(long size) {
        if (size > limits.maxFileBytes()) {
            // One byte more than the limit is all that is read of a file whose size was not declared.
            throw size == limits.maxFileBytes() + 1 ? FILE_TOO_LARGE_UNMEASURED.refused(limits.maxFileBytes())
                    : FILE_TOO_LARGE.refused(size, limits.maxFileBytes());
        }
    }

    /**
     * Three streaming passes over the file, each holding a buffer only: its size and encoding, its
     * header row's separator, then its records.
     */
    private Summary parse(Source file, long maxBytes, List<TemplateColumn> template, Consumer<ParsedFile.Row> each) {
        Encoding encoding = Encoding.of(file, maxBytes);
        refuseTooLarge(encoding.size());
        refuseSpreadsheetFiles(encoding.head());
        char separator = separatorOf(encoding.reader(file));
        int maxColumns = template.size() + 1 + limits.extraColumns();
        String[] header = null;
        List<TemplateColumn> columns = null;
        int rows = 0;
        List<ApiError> errors = new ArrayList<>();
        try (CSVReader reader = new CSVReaderBuilder(new LineBoundedReader(encoding.reader(file), limits.maxLineChars()))
                // RFC 4180 quoting only: a backslash or a NUL is a character like any other, not an escape.
                .withCSVParser(new RFC4180ParserBuilder().withSeparator(separator).build())
                .withKeepCarriageReturn(false)
                .withMultilineLimit(limits.maxLinesPerField())
                .build()) {
            long linesBefore = 0;
            int record = 0;
            while (errors.size() < MAX_REPORTED_ERRORS) {
                String[] fields;
                int line = (int) linesBefore + 1;
                try {
                    fields = reader.readNext();
                } catch (CsvMultilineLimitBrokenException e) {
                    throw QUOTED_VALUE_TOO_LONG.refusedAt(line, null, line, limits.maxLinesPerField());
                } catch (CsvMalformedLineException e) {
                    throw MALFORMED_CSV_UNCLOSED_QUOTE.refusedAt(line, null, line);
                }
                if (fields == null) {
                    break;
                }
                linesBefore = reader.getLinesRead();
                record++;
                refuseOutOfBounds(fields, line, maxColumns, header, columns);
                if (header == null) {
                    header = fields;
                    // A BOM is never part of the first header, whatever the encoding carried it.
                    header[0] = header[0] == null ? "" : header[0].replace(String.valueOf(BOM), "");
                    columns = mapHeader(header, template);
                    continue;
                }
                if (Arrays.stream(fields).allMatch(f -> f == null || f.isBlank())) {
                    continue; // a fully empty line (",,,,") is skipped
                }
                if (fields.length > header.length) {
                    errors.add(TOO_MANY_FIELDS.errorAt(line, null, line, fields.length, header.length));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int c = 0; c < fields.length; c++) {
                    TemplateColumn column = columns.get(c);
                    String value = fields[c] == null ? "" : fields[c].strip();
                    if (column != null && !value.isEmpty()) {
                        values.put(column.header(), value);
                    }
                }
                // Spreadsheet row: the header is row 1, and every record after it is one row.
                if (++rows > limits.maxRows()) {
                    throw TOO_MANY_ROWS.refusedAt(line, null, limits.maxRows());
                }
                each.accept(new ParsedFile.Row(record, values, line));
            }
        } catch (IOException | CsvException e) {
            throw MALFORMED_CSV.refused();
        }
        if (header == null) {
            throw EMPTY_FILE.refused();
        }
        if (!errors.isEmpty()) {
            throw ApiErrorCode.refusedAll(errors);
        }
        if (rows == 0) {
            throw NO_USER_ROWS.refused();
        }
        return new Summary(Arrays.asList(header), rows);
    }

    /** More columns than the template has plus a margin, or a value longer than any column allows: refused at once. */
    private void refuseOutOfBounds(String[] fields, int line, int maxColumns, String[] header, List<TemplateColumn> columns) {
        if (fields.length > maxColumns) {
            throw TOO_MANY_COLUMNS.refusedAt(line, null, line, fields.length, maxColumns - 1 - limits.extraColumns(),
                    maxColumns);
        }
        for (int c = 0; c < fields.length; c++) {
            boolean importErrors = header != null && c < header.length && columns.get(c) == null;
            if (fields[c] != null && fields[c].length() > limits.maxFieldChars() && !importErrors) {
                String name = header != null && c < header.length ? excerpt(header[c].strip()) : "column " + (c + 1);
                throw VALUE_TOO_LONG.refusedAt(line, name, line, name, fields[c].length(), limits.maxFieldChars(),
                        excerpt(fields[c]));
            }
        }
    }

    /** The template column of each header cell, null for the ignored {@code Import Errors} column; one pass. */
    private static List<TemplateColumn> mapHeader(String[] header, List<TemplateColumn> template) {
        List<TemplateColumn> named = new ArrayList<>();
        for (String name : header) {
            named.add(TemplateColumn.byHeader(name).filter(template::contains).orElse(null));
        }
        // The template's columns that no header cell names: what a repeated column was probably meant to be.
        Set<TemplateColumn> unnamed = EnumSet.noneOf(TemplateColumn.class);
        unnamed.addAll(template);
        named.forEach(unnamed::remove);
        List<TemplateColumn> rest = unnamed.isEmpty() ? template : template.stream().filter(unnamed::contains).toList();
        Map<String, String> nearest = new HashMap<>();

        List<ApiError> errors = new ArrayList<>();
        int unlisted = 0;
        List<TemplateColumn> columns = new ArrayList<>();
        Map<TemplateColumn, Integer> seen = new EnumMap<>(TemplateColumn.class);
        for (int c = 0; c < header.length; c++) {
            String name = header[c] == null ? "" : header[c];
            TemplateColumn column = named.get(c);
            ApiError error = null;
            if (column == null && TemplateColumn.normalise(name).equals(TemplateColumn.normalise(TemplateColumn.IMPORT_ERRORS))) {
                columns.add(null);
                continue;
            }
            String shown = excerpt(name.strip());
            if (column == null) {
                String key = "unknown:" + excerpt(TemplateColumn.normalise(name));
                error = UNKNOWN_COLUMN.errorAt(1, shown, c + 1, shown)
                        .withSuggestion(nearest.computeIfAbsent(key, k -> nearestHeader(name, template)));
            } else {
                Integer first = seen.putIfAbsent(column, c + 1);
                if (first != null) {
                    error = DUPLICATE_COLUMN.errorAt(1, shown, c + 1, shown, first)
                            .withSuggestion(nearest.computeIfAbsent("repeated:" + column, k -> nearestHeader(name, rest)));
                }
            }
            if (error != null) {
                if (errors.size() < MAX_REPORTED_ERRORS) {
                    errors.add(error);
                } else {
                    unlisted++;
                }
            }
            columns.add(column);
        }
        for (TemplateColumn m : template) {
            if (m.mandatory() && !seen.containsKey(m)) {
                errors.add(MISSING_COLUMN.errorAt(1, m.header(), m.header()));
            }
        }
        if (unlisted > 0) {
            errors.add(MORE_COLUMN_ERRORS.errorAt(1, null, unlisted));
        }
        if (!errors.isEmpty()) {
            throw ApiErrorCode.refusedAll(errors);
        }
        return columns;
    }

    /** The nearest template header, measured on an excerpt so that a long name costs no more than a short one. */
    private static String nearestHeader(String name, List<TemplateColumn> template) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String wanted = excerpt(TemplateColumn.normalise(name), 2 * EXCERPT_CHARS, "");
        return template.stream()
                .min(Comparator.comparingInt(t -> distance.apply(wanted, TemplateColumn.normalise(t.header()))))
                .map(TemplateColumn::header).orElse(null);
    }

    /** At most {@link #EXCERPT_CHARS} characters of a value, then an ellipsis: an answer never echoes a whole value. */
    static String excerpt(String value) {
        return excerpt(value, EXCERPT_CHARS, "…");
    }

    private static String excerpt(String value, int chars, String more) {
        if (value.length() <= chars) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(chars - 1)) ? chars - 1 : chars;
        return value.substring(0, end) + more;
    }

    private static void refuseSpreadsheetFiles(byte[] bytes) {
        boolean xlsx = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        boolean xls = bytes.length >= 4 && (bytes[0] & 0xff) == 0xD0 && (bytes[1] & 0xff) == 0xCF
                && (bytes[2] & 0xff) == 0x11 && (bytes[3] & 0xff) == 0xE0;
        if (xlsx || xls) {
            throw SPREADSHEET_FILE.refused(xlsx ? "XLSX" : "XLS");
        }
    }

    /**
     * How the file's characters are encoded, decided once from its bytes: UTF-8 with or without
     * BOM, UTF-16 with BOM, else Windows-1252 when the bytes are not UTF-8. The BOM is not part of
     * the characters ({@code start} skips it). Also what the other checks need of the bytes: their
     * count and the first four ({@code head}).
     */
    private record Encoding(Charset charset, int start, long size, byte[] head) {

        /** Reads the file once through a small buffer, at most {@code maxBytes} of it. */
        static Encoding of(Source file, long maxBytes) {
            try (InputStream in = file.open()) {
                byte[] head = in.readNBytes((int) Math.min(4, maxBytes));
                if (head.length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
                    return new Encoding(StandardCharsets.UTF_16LE, 2, head.length + skip(in, maxBytes - head.length), head);
                }
                if (head.length >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
                    return new Encoding(StandardCharsets.UTF_16BE, 2, head.length + skip(in, maxBytes - head.length), head);
                }
                int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                        && (head[2] & 0xff) == 0xBF ? 3 : 0;
                Utf8Check utf8 = new Utf8Check();
                utf8.feed(head, start, head.length - start);
                long size = head.length;
                byte[] buffer = new byte[8192];
                for (int n; size < maxBytes && (n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - size))) >= 0;) {
                    size += n;
                    utf8.feed(buffer, 0, n);
                }
                return new Encoding(utf8.valid() ? StandardCharsets.UTF_8 : WINDOWS_1252, start, size, head);
            } catch (IOException e) {
                throw UNREADABLE_FILE.refused();
            }
        }

        private static long skip(InputStream in, long max) throws IOException {
            long skipped = 0;
            byte[] buffer = new byte[8192];
            for (int n; skipped < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - skipped))) >= 0;) {
                skipped += n;
            }
            return skipped;
        }

        /** The file's characters, decoded as they are read (a new pass over the file each time). */
        Reader reader(Source file) {
            try {
                InputStream in = file.open();
                in.skipNBytes(start);
                return new InputStreamReader(in, charset);
            } catch (IOException e) {
                throw UNREADABLE_FILE.refused();
            }
        }
    }

    /** Whether bytes fed in pieces are valid UTF-8: a sequence may span two pieces. */
    private static final class Utf8Check {

        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer in = ByteBuffer.allocate(8192 + 8);
        private final CharBuffer out = CharBuffer.allocate(8192 + 8);
        private boolean valid = true;

        void feed(byte[] bytes, int offset, int length) {
            while (valid && length > 0) {
                int n = Math.min(length, in.remaining());
                in.put(bytes, offset, n);
                offset += n;
                length -= n;
                decode(false);
            }
        }

        boolean valid() {
            decode(true);
            return valid && !decoder.flush(out).isError();
        }

        private void decode(boolean end) {
            in.flip();
            while (valid) {
                CoderResult result = decoder.decode(in, out, end);
                out.clear();
                if (result.isError()) {
                    valid = false;
                } else if (result.isUnderflow()) {
                    break;
                }
            }
            in.compact();
        }
    }

    /**
     * Semicolon when the header row has more semicolons than commas (European spreadsheet locales).
     * The header row ends at the first CR or LF, so CR-only files are guessed alike.
     */
    private char separatorOf(Reader text) {
        int semicolons = 0;
        int commas = 0;
        try (text) {
            for (int i = 0, ch; i < limits.maxLineChars() && (ch = text.read()) >= 0 && ch != '\r' && ch != '\n'; i++) {
                semicolons += ch == ';' ? 1 : 0;
                commas += ch == ',' ? 1 : 0;
            }
        } catch (IOException e) {
            throw UNREADABLE_FILE.refused();
        }
        return semicolons > commas ? ';' : ',';
    }

    /**
     * The characters of the file, refused as soon as one physical line (ended by CR, LF or CRLF)
     * grows beyond the bound: the CSV reader never holds a longer line.
     */
    private static final class LineBoundedReader extends FilterReader {

        private final int maxLineChars;
        private int line = 1;
        private int length;
        private boolean afterCr;

        LineBoundedReader(Reader in, int maxLineChars) {
            super(in);
            this.maxLineChars = maxLineChars;
        }

        @Override
        public int read() throws IOException {
            int ch = super.read();
            if (ch >= 0) {
                count((char) ch);
            }
            return ch;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = 0; i < read; i++) {
                count(buffer[offset + i]);
            }
            return read;
        }

        private void count(char ch) {
            if (ch == '\n' || ch == '\r') {
                line += ch == '\n' && afterCr ? 0 : 1;
                length = 0;
                afterCr = ch == '\r';
                return;
            }
            afterCr = false;
            if (++length > maxLineChars) {
                throw LINE_TOO_LONG.refusedAt(line, null, line, maxLineChars);
            }
        }
    }
}
