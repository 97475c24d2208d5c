package com.bulkimport.ingest.upload;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serializer;

import org.springframework.kafka.core.KafkaTemplate;

import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Topics;

/**
 * Publishes an accepted file: the request then every row, keyed by account id, in one Kafka
 * transaction, so that readers see the whole import or none of it.
 * <p>
 * The rows are sent as they are read from the upload's file (the producer batches them): the
 * publisher never holds the import's rows, so that a file's size costs no heap here.
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
            if (tooLarge(rows.get(i))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** Whether the producer would refuse this submission as too large. */
    public boolean tooLarge(ImportSubmission submission) {
        return serializer.serialize(Topics.IMPORT_SUBMISSIONS.name(), submission).length > maxRecordBytes;
    }

    public void publish(ImportSubmission.ImportRequested request, List<ImportSubmission.RowSubmitted> rows) {
        publish(request, send -> {
            rows.forEach(send);
            return rows.size();
        });
    }

    /**
     * Publishes the request, then each row as {@code rows} hands it over, in one transaction. The
     * rows must be as many as the request announces: fewer or more (the file read differently
     * the second time) abort the transaction, and nothing is published.
     */
    public void publish(ImportSubmission.ImportRequested request, Rows rows) {
        String topic = Topics.IMPORT_SUBMISSIONS.name();
        kafka.executeInTransaction(ops -> {
            ops.send(topic, request.accountId(), request);
            int sent = rows.each(row -> ops.send(topic, row.accountId(), row));
            if (sent != request.rowCount()) {
                throw new IllegalStateException("Import " + request.importId() + " announced " + request.rowCount()
                        + " rows but " + sent + " were read: not published");
            }
            return null;
        });
    }

    /** The rows of an import, handed over one at a time. */
    @FunctionalInterface
    public interface Rows {

        /** Hands every row to {@code send}, in order; answers how many. */
        int each(Consumer<ImportSubmission.RowSubmitted> send);
    }
}
