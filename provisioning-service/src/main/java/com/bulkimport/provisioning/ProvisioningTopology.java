package com.bulkimport.provisioning;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import com.bulkimport.pipeline.StoreKind;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.Topics;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;
import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.provisioning.users.UserProvisioner;

/**
 * The provisioning topology. Account events keep the directory; each {@code ProvisionUser} is
 * applied against it. Both inputs are keyed by account id and co-partitioned, so one task is the
 * single writer of an account's directory, and its store updates commit with its outputs.
 */
public final class ProvisioningTopology {

    public static final String ACCOUNTS_STORE = "directory-accounts";
    public static final String NUMBERS_STORE = "directory-numbers";
    public static final String EXTENSIONS_STORE = "directory-extensions";
    public static final String USERS_STORE = "directory-users";
    public static final String PROVISIONED_ROWS_STORE = "provisioned-rows";

    private ProvisioningTopology() {
    }

    public static Topology build(PasswordSealer sealer, StoreKind stores) {
        var key = Serdes.String();
        Topology t = new Topology();
        t.addSource("account-events", key.deserializer(), Topics.ACCOUNT_EVENTS.valueSerde(), Topics.ACCOUNT_EVENTS.name());
        t.addProcessor("directory", DirectoryUpdater::new, "account-events");
        t.addSource("provision-requests", key.deserializer(), Topics.PROVISION_REQUESTS.valueSerde(),
                Topics.PROVISION_REQUESTS.name());
        t.addProcessor("provisioner", () -> new UserProvisioner(sealer), "provision-requests");

        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(ACCOUNTS_STORE), key,
                new JsonSerde<>(Account.class)), "directory", "provisioner");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(NUMBERS_STORE), key,
                new JsonSerde<>(AccountNumber.class)), "directory", "provisioner");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(EXTENSIONS_STORE), key, key),
                "directory", "provisioner");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(USERS_STORE), key,
                new JsonSerde<>(DirectoryUser.class)), "directory", "provisioner");
        t.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(PROVISIONED_ROWS_STORE), key, key),
                "provisioner");

        t.addSink("rows-provisioned", Topics.ROWS_PROVISIONED.name(), key.serializer(),
                Topics.ROWS_PROVISIONED.valueSerde(), "provisioner");
        t.addSink("users-created", Topics.USERS_CREATED.name(), key.serializer(),
                Topics.USERS_CREATED.valueSerde(), "provisioner");
        t.addSink("notification-requests", Topics.NOTIFICATION_REQUESTS.name(), key.serializer(),
                Topics.NOTIFICATION_REQUESTS.valueSerde(), "provisioner");
        return t;
    }
}
