package com.bulkimport.ingest.upload;

import java.util.List;
import java.util.OptionalInt;

import org.apache.kafka.common.serialization.Serializer;

import org.springframework.kafka.core.KafkaTemplate;

import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Topics;

/**
 * Publishes an accepted file: the request then every row, keyed by account id, in one Kafka
 * transaction, so that readers see the whole import or none of it.
 */
public class ImportPublisher {

    /** Room left in a producer request for the record batch's and the record's own framing and the key. */
    static final int RECORD_OVERHEAD_BYTES = 1024;

    private final KafkaTemplate<String, ImportSubmission> kafka;
    private final int maxRecordBytes;
    private final Serializer<ImportSubmission> serializer = Topics.IMPORT_SUBMISSIONS.valueSerde().serializer();

    /** @param maxRequestBytes the producer's {@code max.request.size}: no larger record can be sent */
    public ImportPublisher(KafkaTemplate<String, ImportSubmission> kafka, int maxRequestBytes) {
        this.kafka = kafka;
        this.maxRecordBytes = maxRequestBytes - RECORD_OVERHEAD_BYTES;
    }

    /** The largest serialized value this publisher sends. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * The first submission the producer would refuse as too large: -1 for the request, else the
     * index of the row; empty when every one fits.
     */
    public OptionalInt firstTooLarge(ImportSubmission.ImportRequested request, List<ImportSubmission.RowSubmitted> rows) {
        String topic = Topics.IMPORT_SUBMISSIONS.name();
        if (serializer.serialize(topic, request).length > maxRecordBytes) {
            return OptionalInt.of(-1);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (serializer.serialize(topic, rows.get(i)).length > maxRecordBytes) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public void publish(ImportSubmission.ImportRequested request, List<ImportSubmission.RowSubmitted> rows) {
        String topic = Topics.IMPORT_SUBMISSIONS.name();
        kafka.executeInTransaction(ops -> {
            ops.send(topic, request.accountId(), request);
            rows.forEach(row -> ops.send(topic, row.accountId(), row));
            return null;
        });
    }
}
