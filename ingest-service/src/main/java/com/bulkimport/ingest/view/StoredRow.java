package com.bulkimport.ingest.view;

import java.util.Map;

import com.bulkimport.events.RowProvisioned;

/** One uploaded row as the administrator wrote it (for the exports), and its provisioning outcome once known. */
public record StoredRow(int row, Map<String, String> values, RowProvisioned.Outcome outcome) {

    StoredRow withOutcome(RowProvisioned.Outcome next) {
        return new StoredRow(row, values, next);
    }
}
