package com.bulkimport.ingest.view;

import java.util.Map;

import com.bulkimport.events.RowProvisioned;

/**
 * One uploaded row as the administrator wrote it (for the exports), and its provisioning outcome
 * once known. The view stores a row once, and again with its outcome only when its user was not
 * created or was skipped; a created row's outcome is its user in the created users' store (each of
 * 1,000 results would otherwise read and write the row's 1 KB of values again), filled in when the
 * rows are read ({@link LocalView#rows}).
 */
public record StoredRow(int row, Map<String, String> values, RowProvisioned.Outcome outcome) {

    StoredRow withOutcome(RowProvisioned.Outcome next) {
        return new StoredRow(row, values, next);
    }
}
