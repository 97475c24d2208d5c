package com.bulkimport.validation.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.rules.RowRules;

/**
 * The gate's decision asks for a commit as soon as it is made: the administrator (validate-only)
 * or provisioning waits for nothing else, so it does not wait for the task to be idle. The rows
 * before it ask for none: a burst of rows stays one transaction.
 */
class GateCommitsAtOnceTest {

    private static final String ACCOUNT = "acme";
    private static final int ROWS = 3;

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final ImportGatherer gatherer = new ImportGatherer(RowRules.standard());

    @BeforeEach
    void openStores() {
        var names = AccountViewUpdater.ACCOUNT_STORES;
        store(names.accounts(), new JsonSerde<>(Account.class));
        store(names.numbers(), new JsonSerde<>(AccountNumber.class));
        store(names.extensions(), Serdes.String());
        store(AccountViewUpdater.USERS_STORE, Serdes.String());
        store(ImportGatherer.IMPORTS_STORE, new JsonSerde<>(ImportProgress.class));
        store(ImportGatherer.ROWS_STORE, new JsonSerde<>(GatheredRow.class));
        store(ImportGatherer.UNIQUE_VALUES_STORE, Serdes.String());
        store(ImportGatherer.RELEASES_STORE, new JsonSerde<>(Release.class));
        store(ImportGatherer.RUNNING_IMPORTS_STORE, new JsonSerde<>(RunningImport.class));
        gatherer.init(context);
    }

    @Test
    void shouldAskForACommitWithTheDecisionAndNotBefore() {
        // Given a validate-only import of three rows (an account the pipeline does not know: each row fails)
        ImportOptions options = new ImportOptions(true, false, PasswordDelivery.USER_EMAIL, null, true, false);
        gatherer.process(record(new ImportRequested("imp-1", ACCOUNT, "admin", "users.csv", ROWS, List.of(),
                options, List.of(), Instant.now())));

        // When every row but the last arrives
        for (int row = 2; row <= ROWS; row++) {
            gatherer.process(record(new RowSubmitted("imp-1", ACCOUNT, row, Map.of("Email", "user" + row + "@acme.example"))));
        }

        // Then each row is checked, and no commit is asked for
        assertThat(context.forwarded()).hasSize(ROWS - 1);
        assertThat(context.committed()).isFalse();

        // When the last row arrives
        gatherer.process(record(new RowSubmitted("imp-1", ACCOUNT, ROWS + 1, Map.of("Email", "last@acme.example"))));

        // Then the gate is decided and its commit asked for at once
        assertThat(context.forwarded()).last().satisfies(f -> {
            assertThat(f.childName()).contains("import-gates");
            assertThat(f.record().value()).isInstanceOf(ImportGateDecided.class);
        });
        assertThat(context.committed()).isTrue();
    }

    private <V> void store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private static Record<String, ImportSubmission> record(ImportSubmission submission) {
        return new Record<>(ACCOUNT, submission, 0L);
    }
}
