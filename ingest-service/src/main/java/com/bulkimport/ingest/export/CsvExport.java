package com.bulkimport.ingest.export;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.view.StoredRow;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * Rows in the template's own format, plus the {@code Import Errors} column with the reasons: the
 * file an administrator fixes and uploads again as it is. Values a spreadsheet would run as a
 * formula are neutralised with a leading apostrophe, except a phone number with a leading +. Every
 * field is quoted (RFC 4180: a quote inside is doubled), so that a spreadsheet splitting on
 * semicolons keeps each value whole and the neutralisation holds there too; the file starts with a
 * UTF-8 byte-order mark so that spreadsheet programs show accented names correctly. The upload
 * ignores both.
 */
public final class CsvExport {

    /** The UTF-8 byte-order mark every export starts with. */
    public static final String BOM = "\uFEFF";
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+[0-9 ().\\-/]+");

    private CsvExport() {
    }

    public static String write(List<TemplateColumn> template, List<StoredRow> rows, Map<Integer, List<RowError>> reasons,
            String defaultReason) {
        StringWriter out = new StringWriter();
        out.write(BOM);
        try (CSVWriter csv = new CSVWriter(out, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                ICSVWriter.DEFAULT_ESCAPE_CHARACTER, "\r\n")) {
            List<String> header = new ArrayList<>(template.stream().map(TemplateColumn::header).toList());
            header.add(TemplateColumn.IMPORT_ERRORS);
            csv.writeNext(header.toArray(String[]::new), true);
            for (StoredRow row : rows) {
                List<String> line = new ArrayList<>();
                template.forEach(c -> line.add(neutralise(row.values().getOrDefault(c.header(), ""))));
                List<RowError> why = reasons.getOrDefault(row.row(), List.of());
                line.add(neutralise(why.isEmpty() ? defaultReason
                        : why.stream().map(CsvExport::describe).collect(Collectors.joining("; "))));
                csv.writeNext(line.toArray(String[]::new), true);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String describe(RowError e) {
        String text = e.column() == null || e.column().isEmpty() ? e.message() : e.column() + ": " + e.message();
        return e.suggestion() == null ? text : text + " (did you mean '" + e.suggestion() + "'?)";
    }

    /** A value that would start a formula gets a leading apostrophe; a phone number such as +44 20… stays. */
    static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        if (!formula || PHONE_NUMBER.matcher(value).matches()) {
            return value;
        }
        return "'" + value;
    }
}
