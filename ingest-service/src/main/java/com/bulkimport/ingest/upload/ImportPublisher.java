package com.bulkimport.ingest.upload;

import java.util.List;

import org.springframework.kafka.core.KafkaTemplate;

import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.Topics;

/**
 * Publishes an accepted file: the request then every row, keyed by account id, in one Kafka
 * transaction, so that readers see the whole import or none of it.
 */
public class ImportPublisher {

    private final KafkaTemplate<String, ImportSubmission> kafka;

    public ImportPublisher(KafkaTemplate<String, ImportSubmission> kafka) {
        this.kafka = kafka;
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
