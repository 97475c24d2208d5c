/**
 * The file an administrator fixes: an import's failed or not-created rows as CSV in the template's
 * own format, with an {@code Import Errors} column ({@link com.bulkimport.ingest.export.CsvExport}).
 */
package com.bulkimport.ingest.export;
