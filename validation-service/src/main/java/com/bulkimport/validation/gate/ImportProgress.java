package com.bulkimport.validation.gate;

import java.util.LinkedHashMap;
import java.util.Map;

import com.bulkimport.events.ImportSubmission.ImportRequested;

/**
 * One import being gathered: its request, the account's silent mode when it started, how many rows
 * are in and failed, the licences its valid rows need per type, and whether its gate was decided
 * (it is decided once). {@code refusedFor} is the import that was running when this one was
 * refused (one import per account at a time), null for an import that was gathered: its rows are
 * dropped as they arrive, without a word each.
 */
public record ImportProgress(ImportRequested request, boolean silentMode, int received, int failed,
        Map<String, Integer> licencesNeeded, boolean decided, String refusedFor) {

    public static ImportProgress start(ImportRequested request, boolean silentMode) {
        return new ImportProgress(request, silentMode, 0, 0, Map.of(), false, null);
    }

    /** An import refused on arrival because {@code runningImportId} is still running: decided, no row gathered. */
    public static ImportProgress refused(ImportRequested request, String runningImportId) {
        return new ImportProgress(request, false, 0, 0, Map.of(), true, runningImportId);
    }

    public ImportProgress withRow(boolean valid, String licenceType, boolean needsLicence) {
        Map<String, Integer> needed = new LinkedHashMap<>(licencesNeeded);
        if (valid && needsLicence && licenceType != null) {
            needed.merge(licenceType, 1, Integer::sum);
        }
        return new ImportProgress(request, silentMode, received + 1, failed + (valid ? 0 : 1), needed, false, null);
    }

    public boolean complete() {
        return received >= request.rowCount();
    }

    public ImportProgress decidedNow() {
        return new ImportProgress(request, silentMode, received, failed, licencesNeeded, true, refusedFor);
    }
}
