package com.bulkimport.ingest.view;

/**
 * The states of an import, as the status answer names them. {@code REJECTED_IMPORT_RUNNING}: refused
 * by the pipeline when it arrived, because another import of the account was still running (one
 * import per account at a time; added last, so that a view stored before it reads as it was).
 */
public enum ImportStatus {
    VALIDATING, VALIDATION_FAILED, NOT_ENOUGH_LICENSES, VALIDATED, IN_PROGRESS, COMPLETED, REJECTED_IMPORT_RUNNING
}
