package com.bulkimport.validation;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import com.bulkimport.pipeline.StoreKind;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.Topics;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.validation.account.AccountViewUpdater;
import com.bulkimport.validation.gate.ImportGatherer;
import com.bulkimport.validation.gate.ImportProgress;
import com.bulkimport.validation.gate.GatheredRow;
import com.bulkimport.validation.rules.RowRules;

/**
 * The validation topology. Account events and {@code user created} events keep the account view;
 * import submissions are checked row by row against it and gathered until the gate. All inputs are
 * keyed by account id and co-partitioned, so one task owns an account: its view and its imports.
 */
public final class ValidationTopology {

    public static final String ACCOUNTS_STORE = "validation-accounts";
    public static final String USERS_STORE = "validation-account-users";
    public static final String NUMBERS_STORE = "validation-account-numbers";
    public static final String EXTENSIONS_STORE = "validation-account-extensions";
    public static final String IMPORTS_STORE = "validation-imports";
    public static final String ROWS_STORE = "validation-import-rows";
    public static final String UNIQUE_VALUES_STORE = "validation-import-unique-values";

    private ValidationTopology() {
    }

    public static Topology build(RowRules rules, StoreKind stores) {
        var key = Serdes.String();
        Topology t = new Topology();
        // The account as validation sees it: from the platform's events and from users created here.
        t.addSource("account-events", key.deserializer(), Topics.ACCOUNT_EVENTS.valueSerde(), Topics.ACCOUNT_EVENTS.name());
        t.addSource("users-created", key.deserializer(), Topics.USERS_CREATED.valueSerde(), Topics.USERS_CREATED.name());
        t.addProcessor("account-view", AccountViewUpdater::new, "account-events", "users-created");
        // The imports: each row checked on arrival, the gate decided when the last row is in.
        t.addSource("submissions", key.deserializer(), Topics.IMPORT_SUBMISSIONS.valueSerde(), Topics.IMPORT_SUBMISSIONS.name());
        t.addProcessor("import-gatherer", () -> new ImportGatherer(rules), "submissions");

        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(ACCOUNTS_STORE), key,
                new JsonSerde<>(Account.class)), "account-view", "import-gatherer");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(USERS_STORE), key, key),
                "account-view", "import-gatherer");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(NUMBERS_STORE), key,
                new JsonSerde<>(AccountNumber.class)), "account-view", "import-gatherer");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(EXTENSIONS_STORE), key, key),
                "account-view", "import-gatherer");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(IMPORTS_STORE), key,
                new JsonSerde<>(ImportProgress.class)), "import-gatherer");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(ROWS_STORE), key,
                new JsonSerde<>(GatheredRow.class)), "import-gatherer");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(UNIQUE_VALUES_STORE), key, key),
                "import-gatherer");

        t.addSink("rows-validated", Topics.ROWS_VALIDATED.name(), key.serializer(),
                Topics.ROWS_VALIDATED.valueSerde(), "import-gatherer");
        t.addSink("import-gates", Topics.IMPORT_GATES.name(), key.serializer(),
                Topics.IMPORT_GATES.valueSerde(), "import-gatherer");
        t.addSink("provision-requests", Topics.PROVISION_REQUESTS.name(), key.serializer(),
                Topics.PROVISION_REQUESTS.valueSerde(), "import-gatherer");
        return t;
    }
}
