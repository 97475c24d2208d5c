package com.bulkimport.pipeline;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import com.bulkimport.events.AccountKeyed;

/**
 * The first step after every source of a {@link PipelineTopology}: passes on the records keyed by
 * their own account id, and refuses the others ({@link WrongAccountKeyException}: the processing
 * exception handler dead-letters them and the partition moves on), before anything is written.
 */
final class AccountKeyCheck<V> implements Processor<String, V, String, V> {

    private final String topic;
    private ProcessorContext<String, V> context;

    AccountKeyCheck(String topic) {
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, V> record) {
        V value = record.value();
        if (value == null) {
            throw new WrongAccountKeyException("Record without a value on " + topic + ", keyed '" + record.key() + "'");
        }
        if (value instanceof AccountKeyed keyed
                && (keyed.accountId() == null || !keyed.accountId().equals(record.key()))) {
            throw new WrongAccountKeyException(value.getClass().getSimpleName() + " of account '" + keyed.accountId()
                    + "' keyed '" + record.key() + "' on " + topic + ": every record is keyed by its own account id");
        }
        context.forward(record);
    }
}
