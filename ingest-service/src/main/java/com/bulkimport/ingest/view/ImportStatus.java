package com.bulkimport.ingest.view;

/** The states of an import, as the status answer names them. */
public enum ImportStatus {
    VALIDATING, VALIDATION_FAILED, NOT_ENOUGH_LICENSES, VALIDATED, IN_PROGRESS, COMPLETED
}
