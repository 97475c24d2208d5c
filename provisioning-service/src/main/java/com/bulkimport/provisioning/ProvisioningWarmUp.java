package com.bulkimport.provisioning;

import java.util.List;
import java.util.stream.IntStream;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.NewUser;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.ProvisionUser;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.TopologyWarmUp;

/**
 * What provisioning is given to warm up on ({@link TopologyWarmUp}): a made-up on-premises account
 * with a Bridge licence and a parked number per row, then one {@code ProvisionUser} per row, every
 * column filled and CONNECT chosen, so each row is created with its number and two emails
 * (password, welcome). Every other row names its extension, the rest take the lowest free one;
 * every tenth row repeats the row before's email (not created), and the last command comes twice
 * (a repeat), so those paths are warm too.
 */
public final class ProvisioningWarmUp {

    static final String ACCOUNT = "warm-up";
    private static final String IMPORT = "warm-up";

    private ProvisioningWarmUp() {
    }

    /** Provisioning's topology as the warm-up runs it: in-memory stores, a key of its own (nothing is sent). */
    public static TopologyWarmUp open(PipelineProperties properties) {
        PasswordSealer sealer = new PasswordSealer(PasswordSealer.newKey());
        return TopologyWarmUp.open("provisioning-service", ProvisioningTopology.build(sealer, StoreKind.IN_MEMORY),
                properties);
    }

    /** The warm-up at start: {@code rows} made-up commands through the topology, then closed. */
    public static void run(PipelineProperties properties, int rows) {
        try (TopologyWarmUp warmUp = open(properties)) {
            feed(warmUp, rows);
        }
    }

    /** Pipes the account and {@code rows} commands into {@code warmUp}. */
    public static void feed(TopologyWarmUp warmUp, int rows) {
        warmUp.account(ACCOUNT, rows + 1, IntStream.range(0, rows).mapToObj(ProvisioningWarmUp::number).toList());
        ImportOptions options = new ImportOptions(true, false, PasswordDelivery.USER_EMAIL, null, false, false);
        ProvisionUser command = null;
        for (int i = 0; i < rows; i++) {
            command = new ProvisionUser(IMPORT, ACCOUNT, i + 2, "Bridge", user(i), options, false);
            warmUp.pipe(Topics.PROVISION_REQUESTS, ACCOUNT, command);
        }
        if (command != null) {
            warmUp.pipe(Topics.PROVISION_REQUESTS, ACCOUNT, command);
        }
    }

    static String number(int i) {
        return "+1312200" + String.format("%04d", i % 10000);
    }

    static NewUser user(int i) {
        int emailOf = i % 10 == 9 ? i - 1 : i;
        return new NewUser("user" + emailOf + "@warm-up.example", "Warm Up " + i, "Warm", "Up" + i, "Engineer", "Sales",
                number(i), List.of(), i % 2 == 0 ? String.valueOf(100000 + i) : null, TopologyWarmUp.LOCATION,
                String.valueOf(500000 + i), TopologyWarmUp.TRUNK, "Europe/Paris", number(i), 20,
                new NewUser.Voicemail(String.valueOf(100000 + (i * 7919L) % 900000), "100", 30, true,
                        List.of("voicemail" + i + "@warm-up.example"), "+12125550150"));
    }
}
