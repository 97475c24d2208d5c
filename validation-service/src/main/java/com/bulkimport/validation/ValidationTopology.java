package com.bulkimport.validation;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineTopology;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.gate.GatheredRow;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.ImportProgress;
import com.bulkimport.validation.gate.Release;
import com.bulkimport.validation.gate.ProvisioningTracker;
import com.bulkimport.validation.gate.RunningImport;
import com.bulkimport.validation.rules.RowRules;

/**
 * The validation topology. Account events and {@code user created} events keep the account view;
 * import submissions are checked row by row against it and gathered until the gate; rows provisioned
 * tell the gate when a released import has ended, so that the account may start its next one. All
 * inputs are keyed by account id and co-partitioned, so one task owns an account: its view, its
 * imports and which of them is running.
 * Each store's name is its owner's: the account view's stores {@link AccountViewUpdater}'s, the
 * imports' stores {@link ImportGatherer}'s.
 */
public final class ValidationTopology {

    private ValidationTopology() {
    }

    public static Topology build(RowRules rules, StoreKind stores) {
        return build(rules, stores, ImportGatherer.STEP_ROWS);
    }

    /** With another step for the gate's release (tests: a release in several steps with a few rows). */
    public static Topology build(RowRules rules, StoreKind stores, int releaseStepRows) {
        return new PipelineTopology(stores)
                // The account as validation sees it: from the platform's events and from users created here.
                .source("account-events", Topics.ACCOUNT_EVENTS)
                .source("users-created", Topics.USERS_CREATED)
                .processor("account-view", AccountViewUpdater::new, "account-events", "users-created")
                // The imports: each row checked on arrival, the gate decided when the last row is in.
                .source("submissions", Topics.IMPORT_SUBMISSIONS)
                .processor("import-gatherer", () -> new ImportGatherer(rules, releaseStepRows), "submissions")
                // The end of a released import: each row's outcome counted until every row has one.
                .source("rows-provisioned", Topics.ROWS_PROVISIONED)
                .processor("provisioning-tracker", ProvisioningTracker::new, "rows-provisioned")

                .accountStores(AccountViewUpdater.ACCOUNT_STORES, "account-view", "import-gatherer")
                .store(AccountViewUpdater.USERS_STORE, Serdes.String(), "account-view", "import-gatherer")
                .storeKeptAsObjects(ImportGatherer.IMPORTS_STORE, new JsonSerde<>(ImportProgress.class), "import-gatherer")
                // a row is written once, then deleted at the gate: nothing to merge; the claimed values
                // are an index of the rows, made again from them when the task starts
                .storeWrittenOncePerKey(ImportGatherer.ROWS_STORE, new JsonSerde<>(GatheredRow.class), "import-gatherer")
                .indexWithoutChangelog(ImportGatherer.UNIQUE_VALUES_STORE, Serdes.String(), "import-gatherer")
                .store(ImportGatherer.RELEASES_STORE, new JsonSerde<>(Release.class), "import-gatherer")
                .store(ImportGatherer.RUNNING_IMPORTS_STORE, new JsonSerde<>(RunningImport.class), "import-gatherer",
                        "provisioning-tracker")

                .sink("rows-validated", Topics.ROWS_VALIDATED, "import-gatherer")
                .sink("import-gates", Topics.IMPORT_GATES, "import-gatherer")
                .sink("provision-requests", Topics.PROVISION_REQUESTS, "import-gatherer")
                .build();
    }
}
