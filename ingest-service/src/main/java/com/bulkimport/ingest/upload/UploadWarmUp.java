package com.bulkimport.ingest.upload;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;

/**
 * Gets the upload's path ready at start, so that the first upload after a start is not the one
 * that pays for it: a synthetic file (every column of the on-premises template, {@code rows}
 * rows) is read and its submissions written to bytes, in memory (the reader's and Jackson's
 * classes, the JIT's first compilations); and the transactional producer is made and put back in
 * its factory's cache (its {@code initTransactions} and the topic's metadata, one round trip each,
 * otherwise done inside the first upload). Nothing is sent: no record, no account's data.
 */
final class UploadWarmUp {

    private static final Logger log = LoggerFactory.getLogger(UploadWarmUp.class);

    private UploadWarmUp() {
    }

    /** Reads a synthetic file of {@code rows} rows; answers how many rows it read. */
    static int readSyntheticFile(CsvFileReader reader, int rows) {
        List<TemplateColumn> columns = TemplateColumn.forAccount(true);
        StringBuilder csv = new StringBuilder(columns.stream().map(TemplateColumn::header).collect(Collectors.joining(",")))
                .append("\r\n");
        for (int i = 0; i < rows; i++) {
            int row = i;
            csv.append(columns.stream().map(c -> value(c, row)).collect(Collectors.joining(","))).append("\r\n");
        }
        ParsedFile parsed = reader.read(csv.toString().getBytes(StandardCharsets.UTF_8), columns);
        ImportRequested request = new ImportRequested("warm-up", "warm-up", "warm-up", "warm-up.csv",
                parsed.rows().size(), parsed.headers(), ImportOptions.defaults(), List.of(), Instant.now());
        var serializer = Topics.IMPORT_SUBMISSIONS.valueSerde().serializer();
        serializer.serialize(Topics.IMPORT_SUBMISSIONS.name(), request);
        List<ImportSubmission> rowsRead = new ArrayList<>();
        parsed.rows().forEach(r -> rowsRead.add(new RowSubmitted("warm-up", "warm-up", r.row(), r.values())));
        rowsRead.forEach(r -> serializer.serialize(Topics.IMPORT_SUBMISSIONS.name(), r));
        return rowsRead.size();
    }

    /** Makes the transactional producer (then cached by its factory) and fetches the topic's metadata. */
    static void prepareProducer(KafkaTemplate<String, ImportSubmission> template) {
        try (Producer<String, ImportSubmission> producer = template.getProducerFactory().createProducer()) {
            producer.partitionsFor(Topics.IMPORT_SUBMISSIONS.name());
        } catch (RuntimeException e) {
            // The first upload makes it then, and reports what is wrong.
            log.info("Could not make the submissions' producer ready at start: {}", e.toString());
        }
    }

    private static String value(TemplateColumn column, int i) {
        return switch (column) {
            case DISPLAY_NAME -> "Warm Up " + i;
            case EMAIL -> "user" + i + "@warm-up.example";
            case LICENCE_TYPE -> "Bridge";
            case FIRST_NAME -> "Warm";
            case LAST_NAME -> "Up " + i;
            case PRIMARY_NUMBER, CALLER_ID -> "+1 312 200 " + String.format("%04d", i % 10000);
            case ADDITIONAL_NUMBERS -> "\"+1 312 300 0001; +1 312 300 0002\"";
            case EXTENSION -> String.valueOf(100000 + i);
            case CLOUD_EXTENSION -> String.valueOf(500000 + i);
            case TIME_ZONE -> "UTC+1";
            case VOICEMAIL_EMAIL -> "voicemail" + i + "@warm-up.example";
            default -> "x" + i;
        };
    }
}
