package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.AccountKeyed;
import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.testing.Poison;
import com.bulkimport.testing.PoisonCases;
import com.bulkimport.testing.PoisonDriver;

/**
 * Poison records on each topic the import view reads: each goes to the dead-letter topic, as it
 * was, with the reason in its headers; it changes nothing, and the record after it is applied.
 */
class ImportViewPoisonTest {

    @AutoClose
    private final PoisonDriver driver = PoisonDriver.start("view-poison-test",
            ImportViewTopology.build(StoreKind.IN_MEMORY));

    /** The topics the import view reads (see {@link ImportViewTopology}). */
    enum Input {
        ACCOUNT_EVENTS, IMPORT_SUBMISSIONS, ROWS_VALIDATED, IMPORT_GATES, ROWS_PROVISIONED, NOTIFICATION_RESULTS
    }

    @PoisonCases
    void shouldDeadLetterThePoisonWithItsReasonAndApplyTheNextRecord(Input input, Poison poison) {
        switch (input) {
            case ACCOUNT_EVENTS -> {
                driver.deadLetterThenProcess(Topics.ACCOUNT_EVENTS, poison,
                        new AccountEvent.LicenceChanged("demo", "PoisonLicence", 5, 0), "licenceType",
                        new AccountEvent.LicenceChanged("demo", "NextLicence", 5, 0));
                KeyValueStore<String, AccountSummary> accounts = driver.store(ImportViewTopology.ACCOUNTS_STORE);
                assertThat(accounts.get("demo").licenceTypes()).containsExactly("NextLicence");
            }
            case IMPORT_SUBMISSIONS -> importRecords(Topics.IMPORT_SUBMISSIONS, poison, "importId",
                    importId -> new ImportSubmission.ImportRequested(importId, "demo", "demo-admin", "u.csv", 1, List.of(),
                            ImportOptions.defaults(), List.of(), Instant.parse("2026-01-01T00:00:00Z")));
            case ROWS_VALIDATED -> importRecords(Topics.ROWS_VALIDATED, poison, "row",
                    importId -> new RowValidated(importId, "demo", 2, List.of()));
            case IMPORT_GATES -> importRecords(Topics.IMPORT_GATES, poison, "outcome",
                    importId -> new ImportGateDecided(importId, "demo", ImportGateDecided.Outcome.RELEASED, List.of()));
            case ROWS_PROVISIONED -> importRecords(Topics.ROWS_PROVISIONED, poison, "outcome",
                    importId -> new RowProvisioned(importId, "demo", 2, RowProvisioned.Outcome.CREATED, "u2",
                            "u2@demo.example", "U", "Essentials", "102", List.of(), "Main Company Address", List.of(),
                            List.of()));
            case NOTIFICATION_RESULTS -> importRecords(Topics.NOTIFICATION_RESULTS, poison, "sent",
                    importId -> new NotificationResult(importId, "demo", 2, NotificationRequested.Kind.WELCOME,
                            "u2@demo.example", true, null));
        }
    }

    /** The poison is of one import, the next record of another: only the other one is in the view. */
    private <V extends AccountKeyed> void importRecords(Topic<String, V> topic, Poison poison, String required,
            Function<String, V> recordOf) {
        driver.deadLetterThenProcess(topic, poison, recordOf.apply("poison-import"), required,
                recordOf.apply("next-import"));
        KeyValueStore<String, ImportView> imports = driver.store(ImportViewTopology.IMPORTS_STORE);
        assertThat(imports.get(ImportViewTopology.importKey("demo", "poison-import"))).isNull();
        assertThat(imports.get(ImportViewTopology.importKey(Poison.OTHER_ACCOUNT, "poison-import"))).isNull();
        assertThat(imports.get(ImportViewTopology.importKey("demo", "next-import"))).isNotNull();
    }
}
