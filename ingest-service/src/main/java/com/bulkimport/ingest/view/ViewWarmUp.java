package com.bulkimport.ingest.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.ImportSubmission.RowSubmitted;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.TopologyWarmUp;

/**
 * What the import view is given to warm up on at start ({@link TopologyWarmUp}: ingest's view
 * topology, in memory), so that the first import after a start does not pay for loading and
 * compiling the view's path: an import of {@code rows} made-up rows from its request to
 * {@code COMPLETED}, every row's result (validated, the gate, provisioned, both emails) read and
 * applied to the view's stores as Kafka Streams does. On the first import after a start the view had
 * taken some 350 ms after the gate, against 40 ms warm (docs/performance.md). No account's data is
 * read or written: the account and the import are made up.
 */
public final class ViewWarmUp {

    static final String ACCOUNT = "warm-up";
    static final String IMPORT = "warm-up";

    private ViewWarmUp() {
    }

    /** The view's topology as the warm-up runs it: in-memory stores. */
    public static TopologyWarmUp open(PipelineProperties properties) {
        return TopologyWarmUp.open("ingest-service", ImportViewTopology.build(StoreKind.IN_MEMORY), properties);
    }

    /** The warm-up at start: the made-up import of {@code rows} rows through the topology, then closed. */
    public static void run(PipelineProperties properties, int rows) {
        try (TopologyWarmUp warmUp = open(properties)) {
            feed(warmUp, rows);
        }
    }

    /** Pipes the import's request, its rows and every row's results into {@code warmUp}. */
    public static void feed(TopologyWarmUp warmUp, int rows) {
        String email = TemplateColumn.EMAIL.header();
        warmUp.pipe(Topics.IMPORT_SUBMISSIONS, ACCOUNT, new ImportRequested(IMPORT, ACCOUNT, "warm-up", "warm-up.csv",
                rows, List.of(TemplateColumn.DISPLAY_NAME.header(), email), ImportOptions.defaults(), List.of(),
                Instant.now()));
        for (int row = 2; row < rows + 2; row++) {
            warmUp.pipe(Topics.IMPORT_SUBMISSIONS, ACCOUNT, new RowSubmitted(IMPORT, ACCOUNT, row,
                    Map.of(TemplateColumn.DISPLAY_NAME.header(), "Warm Up " + row, email, email(row))));
        }
        for (int row = 2; row < rows + 2; row++) {
            warmUp.pipe(Topics.ROWS_VALIDATED, ACCOUNT, new RowValidated(IMPORT, ACCOUNT, row, List.of()));
        }
        warmUp.pipe(Topics.IMPORT_GATES, ACCOUNT, new ImportGateDecided(IMPORT, ACCOUNT, ImportGateDecided.Outcome.RELEASED,
                List.of()));
        for (int row = 2; row < rows + 2; row++) {
            warmUp.pipe(Topics.ROWS_PROVISIONED, ACCOUNT, new RowProvisioned(IMPORT, ACCOUNT, row,
                    RowProvisioned.Outcome.CREATED, "user-" + row, email(row), "Warm Up " + row, "Bridge",
                    String.valueOf(100000 + row), List.of("+1312200" + String.format("%04d", row % 10000)),
                    "Main Company Address", List.of(), List.of()));
        }
        for (int row = 2; row < rows + 2; row++) {
            for (NotificationRequested.Kind kind : NotificationRequested.Kind.values()) {
                warmUp.pipe(Topics.NOTIFICATION_RESULTS, ACCOUNT, new NotificationResult(IMPORT, ACCOUNT, row, kind,
                        email(row), true, null, null));
            }
        }
    }

    private static String email(int row) {
        return "user" + row + "@warm-up.example";
    }
}
