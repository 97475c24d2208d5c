package com.bulkimport.ingest.upload;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.http.HttpStatus;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.web.ApiError;
import com.bulkimport.ingest.web.ProblemException;
import com.opencsv.CSVParserBuilder;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.ICSVParser;
import com.opencsv.exceptions.CsvException;
import com.opencsv.exceptions.CsvMalformedLineException;

/**
 * Checks an uploaded file as a whole and reads its rows: what spreadsheets save (BOMs, UTF-16,
 * Windows-1252, semicolons) is read as meant; a spreadsheet file, a header that is not the
 * template's, malformed CSV, no rows or too many are refused with specific errors.
 */
public class CsvFileReader {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private final UploadLimits limits;

    public CsvFileReader(UploadLimits limits) {
        this.limits = limits;
    }

    public ParsedFile read(byte[] bytes, List<TemplateColumn> template) {
        if (bytes.length > limits.maxFileBytes()) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "File too large", List.of(ApiError.of("FILE_TOO_LARGE",
                    "The file is " + bytes.length + " bytes; the limit is " + limits.maxFileBytes() + " bytes.")));
        }
        refuseSpreadsheetFiles(bytes);
        String text = decode(bytes);
        char separator = separatorOf(text);
        List<String[]> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (CSVReader reader = new CSVReaderBuilder(new StringReader(text))
                // RFC 4180 quoting only: a backslash is a character like any other, not an escape.
                .withCSVParser(new CSVParserBuilder().withSeparator(separator)
                        .withEscapeChar(ICSVParser.NULL_CHARACTER).build())
                .withKeepCarriageReturn(false)
                .build()) {
            String[] next;
            long linesBefore = 0;
            while (true) {
                try {
                    next = reader.readNext();
                } catch (CsvMalformedLineException e) {
                    throw badFile(new ApiError("MALFORMED_CSV", "Line " + (linesBefore + 1)
                            + " opens a quote that is never closed.", (int) linesBefore + 1, null, null));
                }
                if (next == null) {
                    break;
                }
                records.add(next);
                lines.add((int) linesBefore + 1);
                linesBefore = reader.getLinesRead();
            }
        } catch (IOException | CsvException e) {
            throw badFile(ApiError.of("MALFORMED_CSV", "The file cannot be read as CSV: " + e.getMessage()));
        }
        if (records.isEmpty()) {
            throw badFile(ApiError.of("EMPTY_FILE", "The file is empty: it needs the template's header row and at least one user row."));
        }
        String[] header = records.get(0);
        List<TemplateColumn> columns = mapHeader(header, template);
        return readRows(header, columns, records, lines);
    }

    private ParsedFile readRows(String[] header, List<TemplateColumn> columns, List<String[]> records, List<Integer> lines) {
        List<ParsedFile.Row> rows = new ArrayList<>();
        List<ApiError> errors = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            String[] fields = records.get(i);
            if (Arrays.stream(fields).allMatch(f -> f == null || f.isBlank())) {
                continue; // a fully empty line (",,,,") is skipped
            }
            if (fields.length > header.length) {
                errors.add(new ApiError("TOO_MANY_FIELDS", "Line " + lines.get(i) + " has " + fields.length
                        + " fields; the header has " + header.length + ".", lines.get(i), null, null));
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
            rows.add(new ParsedFile.Row(i + 1, values));
        }
        if (!errors.isEmpty()) {
            throw badFile(errors);
        }
        if (rows.isEmpty()) {
            throw badFile(ApiError.of("NO_USER_ROWS", "The file has a header row but no user rows."));
        }
        if (rows.size() > limits.maxRows()) {
            throw badFile(ApiError.of("TOO_MANY_ROWS", "The file has " + rows.size() + " user rows; the limit is "
                    + limits.maxRows() + " per import. Split it into several files."));
        }
        return new ParsedFile(Arrays.asList(header), rows, List.of());
    }

    /** The template column of each header cell, null for the ignored {@code Import Errors} column. */
    private List<TemplateColumn> mapHeader(String[] header, List<TemplateColumn> template) {
        List<ApiError> errors = new ArrayList<>();
        List<TemplateColumn> columns = new ArrayList<>();
        Map<TemplateColumn, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            String name = header[c] == null ? "" : header[c];
            if (TemplateColumn.normalise(name).equals(TemplateColumn.normalise(TemplateColumn.IMPORT_ERRORS))) {
                columns.add(null);
                continue;
            }
            Optional<TemplateColumn> column = TemplateColumn.byHeader(name).filter(template::contains);
            if (column.isEmpty()) {
                String nearest = nearestHeader(name, template);
                errors.add(new ApiError("UNKNOWN_COLUMN", "Column " + (c + 1) + " '" + name.strip()
                        + "' is not a column of this account's template.", 1, name.strip(), nearest));
                columns.add(null);
                continue;
            }
            Integer first = seen.putIfAbsent(column.get(), c + 1);
            if (first != null) {
                errors.add(new ApiError("DUPLICATE_COLUMN", "Column " + (c + 1) + " '" + name.strip()
                        + "' repeats column " + first + ".", 1, name.strip(), nearestHeader(name, unused(header, template))));
            }
            columns.add(column.get());
        }
        template.stream().filter(TemplateColumn::mandatory).filter(m -> !seen.containsKey(m))
                .forEach(m -> errors.add(new ApiError("MISSING_COLUMN", "The mandatory column '" + m.header()
                        + "' is missing.", 1, m.header(), null)));
        if (!errors.isEmpty()) {
            throw badFile(errors);
        }
        return columns;
    }

    /** The template's columns that no header cell names: what a repeated column was probably meant to be. */
    private static List<TemplateColumn> unused(String[] header, List<TemplateColumn> template) {
        List<TemplateColumn> named = Arrays.stream(header).map(TemplateColumn::byHeader)
                .flatMap(Optional::stream).toList();
        List<TemplateColumn> rest = template.stream().filter(t -> !named.contains(t)).toList();
        return rest.isEmpty() ? template : rest;
    }

    private static String nearestHeader(String name, List<TemplateColumn> template) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String wanted = TemplateColumn.normalise(name);
        return template.stream()
                .min(Comparator.comparingInt(t -> distance.apply(wanted, TemplateColumn.normalise(t.header()))))
                .map(TemplateColumn::header).orElse(null);
    }

    private static void refuseSpreadsheetFiles(byte[] bytes) {
        boolean xlsx = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        boolean xls = bytes.length >= 4 && (bytes[0] & 0xff) == 0xD0 && (bytes[1] & 0xff) == 0xCF
                && (bytes[2] & 0xff) == 0x11 && (bytes[3] & 0xff) == 0xE0;
        if (xlsx || xls) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a CSV file",
                    List.of(ApiError.of("SPREADSHEET_FILE", "This is an Excel workbook (" + (xlsx ? "XLSX" : "XLS")
                            + "), not a CSV file. In your spreadsheet program use 'Save As' and choose 'CSV UTF-8'.")));
        }
    }

    /** UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 when the bytes are not UTF-8. */
    static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    /** Semicolon when the header row has more semicolons than commas (European spreadsheet locales). */
    private static char separatorOf(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        long semicolons = header.chars().filter(ch -> ch == ';').count();
        long commas = header.chars().filter(ch -> ch == ',').count();
        return semicolons > commas ? ';' : ',';
    }

    private static ProblemException badFile(ApiError error) {
        return badFile(List.of(error));
    }

    private static ProblemException badFile(List<ApiError> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "The file was not accepted", errors);
    }
}
