package com.bulkimport.validation.gate;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkimport.events.RowProvisioned;

/**
 * Counts provisioning's outcome of each row of an account's running import, released by the gate,
 * and frees the account for its next import when every row has one (created, not created or
 * skipped: provisioning reports each row once, in the transaction that provisions it). Reads
 * {@code rows-provisioned.v1}, co-partitioned with the submissions, so the task that gathers an
 * account's imports also sees them end; the count is in a changelogged store and moves in the
 * same transaction as the input's offset, so it survives restarts and counts each row once.
 */
public class ProvisioningTracker implements Processor<String, RowProvisioned, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningTracker.class);

    private KeyValueStore<String, RunningImport> running;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        running = context.getStateStore(ImportGatherer.RUNNING_IMPORTS_STORE);
    }

    @Override
    public void process(Record<String, RowProvisioned> record) {
        RowProvisioned row = record.value();
        if (!record.key().equals(row.accountId())) {
            throw new IllegalArgumentException("Row provisioned keyed by another account: " + record.key());
        }
        RunningImport current = running.get(row.accountId());
        if (current == null || !current.released() || !current.importId().equals(row.importId())) {
            return; // an import that no longer holds the account (or ran before this rule): nothing to count
        }
        RunningImport next = current.withRowProvisioned();
        if (next.finished()) {
            running.delete(row.accountId());
            log.info("Import {} of account {} has every row provisioned: the account may start its next import",
                    row.importId(), row.accountId());
        } else {
            running.put(row.accountId(), next);
        }
    }
}
