package com.bulkimport.provisioning;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineTopology;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.provisioning.directory.DirectoryUpdater;
import com.bulkimport.provisioning.directory.DirectoryUser;
import com.bulkimport.provisioning.users.UserProvisioner;

/**
 * The provisioning topology. Account events keep the directory; each {@code ProvisionUser} is
 * applied against it. Both inputs are keyed by account id and co-partitioned, so one task is the
 * single writer of an account's directory, and its store updates commit with its outputs. Each
 * store's name is its owner's: the directory's stores {@link DirectoryUpdater}'s, the record of
 * rows provisioned {@link UserProvisioner}'s.
 */
public final class ProvisioningTopology {

    private ProvisioningTopology() {
    }

    public static Topology build(PasswordSealer sealer, StoreKind stores) {
        return new PipelineTopology(stores)
                .source("account-events", Topics.ACCOUNT_EVENTS)
                .processor("directory", DirectoryUpdater::new, "account-events")
                .source("provision-requests", Topics.PROVISION_REQUESTS)
                .processor("provisioner", () -> new UserProvisioner(sealer), "provision-requests")

                .accountLedger(DirectoryUpdater.ACCOUNT_STORES, "directory", "provisioner")
                .store(DirectoryUpdater.USERS_STORE, new JsonSerde<>(DirectoryUser.class), "directory", "provisioner")
                .store(UserProvisioner.PROVISIONED_ROWS_STORE, Serdes.String(), "provisioner")

                .sink("rows-provisioned", Topics.ROWS_PROVISIONED, "provisioner")
                .sink("users-created", Topics.USERS_CREATED, "provisioner")
                .sink("notification-requests", Topics.NOTIFICATION_REQUESTS, "provisioner")
                .build();
    }
}
