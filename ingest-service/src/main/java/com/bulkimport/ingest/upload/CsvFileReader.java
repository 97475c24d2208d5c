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
        if (!parsing.tryAcquire()) {
            throw TOO_MANY_UPLOADS.refused(limits.maxConcurrentParses(), TOO_MANY_UPLOADS.retryAfter().toSeconds());
        }
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
            refuseTooLarge(bytes.length);
            return parse(bytes, template);
        } catch (IOException e) {
            throw UNREADABLE_FILE.refused();
        } finally {
            parsing.release();
        }
    }

    private void refuseTooLarge(long size) {
        if (size > limits.maxFileBytes()) {
            // One byte more than the limit is all that is read of a file whose size was not declared.
            throw size == limits.maxFileBytes() + 1 ? FILE_TOO_LARGE_UNMEASURED.refused(limits.maxFileBytes())
                    : FILE_TOO_LARGE.refused(size, limits.maxFileBytes());
        }
    }

    private ParsedFile parse(byte[] bytes, List<TemplateColumn> template) {
        refuseSpreadsheetFiles(bytes);
        Encoding encoding = Encoding.of(bytes);
        char separator = separatorOf(encoding.reader(bytes));
        int maxColumns = template.size() + 1 + limits.extraColumns();
        String[] header = null;
        List<TemplateColumn> columns = null;
        List<ParsedFile.Row> rows = new ArrayList<>();
        List<ApiError> errors = new ArrayList<>();
        try (CSVReader reader = new CSVReaderBuilder(new LineBoundedReader(encoding.reader(bytes), limits.maxLineChars()))
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
                rows.add(new ParsedFile.Row(record, values, line));
                if (rows.size() > limits.maxRows()) {
                    throw TOO_MANY_ROWS.refusedAt(line, null, limits.maxRows());
                }
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
        if (rows.isEmpty()) {
            throw NO_USER_ROWS.refused();
        }
        return new ParsedFile(Arrays.asList(header), rows);
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
     * the characters ({@code start} skips it).
     */
    private record Encoding(Charset charset, int start) {

        static Encoding of(byte[] bytes) {
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
                return new Encoding(StandardCharsets.UTF_16LE, 2);
            }
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
                return new Encoding(StandardCharsets.UTF_16BE, 2);
            }
            int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                    && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
            return new Encoding(isUtf8(bytes, start) ? StandardCharsets.UTF_8 : WINDOWS_1252, start);
        }

        /** The file's characters, decoded as they are read. */
        Reader reader(byte[] bytes) {
            return new InputStreamReader(new ByteArrayInputStream(bytes, start, bytes.length - start), charset);
        }
    }

    /** Whether the bytes from {@code start} are valid UTF-8, checked through a small buffer. */
    private static boolean isUtf8(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return !decoder.flush(out).isError();
            }
            out.clear();
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
            throw new IllegalStateException(e); // reading bytes in memory
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
