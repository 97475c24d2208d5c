package com.bulkimport.validation.gate;

import java.util.LinkedHashMap;
import java.util.Map;

import com.bulkimport.events.ImportSubmission.ImportRequested;

/**
 * One import being gathered: its request, the account's silent mode when it started, how many rows
 * are in and failed, the licences its valid rows need per type, and whether its gate was decided
 * (it is decided once).
 */
public record ImportProgress(ImportRequested request, boolean silentMode, int received, int failed,
        Map<String, Integer> licencesNeeded, boolean decided) {

    public static ImportProgress start(ImportRequested request, boolean silentMode) {
        return new ImportProgress(request, silentMode, 0, 0, Map.of(), false);
    }

    public ImportProgress withRow(boolean valid, String licenceType, boolean needsLicence) {
        Map<String, Integer> needed = new LinkedHashMap<>(licencesNeeded);
        if (valid && needsLicence && licenceType != null) {
            needed.merge(licenceType, 1, Integer::sum);
        }
        return new ImportProgress(request, silentMode, received + 1, failed + (valid ? 0 : 1), needed, false);
    }

    public boolean complete() {
        return received >= request.rowCount();
    }

    public ImportProgress decidedNow() {
        return new ImportProgress(request, silentMode, received, failed, licencesNeeded, true);
    }
}
