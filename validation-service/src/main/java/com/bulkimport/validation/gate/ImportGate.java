package com.bulkimport.validation.gate;

import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.ImportGateDecided.LicenceShortfall;
import com.bulkimport.events.ImportGateDecided.Outcome;
import com.bulkimport.events.account.Account;

/**
 * The gate of an import whose rows are all in (SPEC flow steps 4 and 5): {@code VALIDATION_FAILED}
 * if any row failed, else {@code NOT_ENOUGH_LICENSES} if the valid rows need more licences of a
 * type than the account has free, else {@code VALIDATED} for a validate-only import, else
 * {@code RELEASED}. A pure decision; the gatherer publishes it and fans out the commands.
 */
final class ImportGate {

    /** The outcome, and the licence types that run short (whatever the outcome, for the status). */
    record Decision(Outcome outcome, List<LicenceShortfall> shortfall) {
    }

    private ImportGate() {
    }

    static Decision decide(ImportProgress progress, Account account) {
        List<LicenceShortfall> shortfall = new ArrayList<>();
        progress.licencesNeeded().forEach((type, needed) -> {
            int free = account.licence(type).map(Account.Licence::free).orElse(0);
            if (needed > free) {
                shortfall.add(new LicenceShortfall(type, needed, free));
            }
        });
        Outcome outcome;
        if (progress.failed() > 0) {
            outcome = Outcome.VALIDATION_FAILED;
        } else if (!shortfall.isEmpty()) {
            outcome = Outcome.NOT_ENOUGH_LICENSES;
        } else if (progress.request().options().validateOnly()) {
            outcome = Outcome.VALIDATED;
        } else {
            outcome = Outcome.RELEASED;
        }
        return new Decision(outcome, List.copyOf(shortfall));
    }
}
