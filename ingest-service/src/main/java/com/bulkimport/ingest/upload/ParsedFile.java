package com.bulkimport.ingest.upload;

import java.util.List;
import java.util.Map;

/**
 * An upload that passed the file checks: its header row as given and its user rows (spreadsheet
 * row numbers, values keyed by template header, the physical line where each starts).
 */
public record ParsedFile(List<String> headers, List<Row> rows) {

    public record Row(int row, Map<String, String> values, int line) {
    }
}
