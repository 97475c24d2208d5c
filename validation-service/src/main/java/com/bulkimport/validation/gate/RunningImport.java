package com.bulkimport.validation.gate;

/**
 * The one import of an account that is running, as validation's gate sees it: from its request
 * until its gate when the gate stops it, or until provisioning has reported every row when the
 * gate released it ({@code provisioned} of {@code rowCount} so far). Kept per account in
 * {@link ImportGatherer#RUNNING_IMPORTS_STORE}, so its size is the accounts importing now.
 */
public record RunningImport(String importId, int rowCount, boolean released, int provisioned) {

    static RunningImport started(String importId, int rowCount) {
        return new RunningImport(importId, rowCount, false, 0);
    }

    RunningImport releasedNow() {
        return new RunningImport(importId, rowCount, true, provisioned);
    }

    RunningImport withRowProvisioned() {
        return new RunningImport(importId, rowCount, released, provisioned + 1);
    }

    /** Every row of a released import has its outcome: the account may start the next import. */
    boolean finished() {
        return released && provisioned >= rowCount;
    }
}
