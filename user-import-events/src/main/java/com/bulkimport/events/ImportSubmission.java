package com.bulkimport.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An accepted upload, on {@link Topics#IMPORT_SUBMISSIONS}: one {@link ImportRequested} followed by
 * one {@link RowSubmitted} per user row, all in one Kafka transaction and on one partition, so a
 * reader sees the request before its rows and never half an import.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ImportSubmission.ImportRequested.class, name = "ImportRequested"),
        @JsonSubTypes.Type(value = ImportSubmission.RowSubmitted.class, name = "RowSubmitted")
})
public sealed interface ImportSubmission extends AccountKeyed {

    String importId();

    String accountId();

    /** An import was accepted: its options, its row count and the header row as uploaded. */
    record ImportRequested(@Required String importId, @Required String accountId, String requestedBy,
            String fileName, @Required int rowCount, List<String> headers, ImportOptions options, List<String> notes,
            Instant requestedAt) implements ImportSubmission {
    }

    /**
     * One user row: its spreadsheet row number (header = 1) and its values keyed by template header
     * (the canonical header names of {@link TemplateColumn}), trimmed, empty cells left out.
     */
    record RowSubmitted(@Required String importId, @Required String accountId, @Required int row,
            Map<String, String> values)
            implements ImportSubmission {
    }
}
