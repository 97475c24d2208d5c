package com.bulkimport.ingest.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;

import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission.ImportRequested;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.Topics;

/**
 * Gets the import view's path ready at start, so that the first import after a start does not pay
 * for it: {@code rows} synthetic rows' results (validated, provisioned, both emails) are written to
 * bytes and read back as the view's sources read them, and the import's view and each row are
 * updated and written to bytes and read back as its stores keep them, in memory (Jackson's readers
 * and writers, the view's records, the JIT's first compilations). On the first import after a start
 * the view had taken some 350 ms after the gate, against 40 ms warm (docs/performance.md). Nothing
 * is sent or stored.
 */
public final class ViewWarmUp {

    private ViewWarmUp() {
    }

    /** Runs the warm-up; answers the number of rows the view reached COMPLETED with (all of them). */
    public static int run(int rows) {
        ImportRequested request = new ImportRequested("warm-up", "warm-up", "warm-up", "warm-up.csv", rows,
                List.of("Email Address"), ImportOptions.defaults(), List.of(), Instant.now());
        Serde<ImportView> views = new JsonSerde<>(ImportView.class);
        Serde<StoredRow> storedRows = new JsonSerde<>(StoredRow.class);
        Serde<CreatedUser> users = new JsonSerde<>(CreatedUser.class);
        ImportView view = ImportView.requested(request);
        for (int row = 2; row < rows + 2; row++) {
            RowValidated validated = roundTrip(Topics.ROWS_VALIDATED.valueSerde(), new RowValidated("warm-up", "warm-up", row, List.of()));
            ImportView.Counts c = view.counts();
            view = roundTrip(views, view.with(view.status(), new ImportView.Counts(c.validated() + (validated.valid() ? 1 : 0),
                    c.failed(), c.created(), c.notCreated(), c.skipped()), view.licenceShortfall(), view.emails(), view.notes(),
                    Instant.now()));
            roundTrip(storedRows, new StoredRow(row, Map.of("Email Address", "user" + row + "@warm-up.example"), null));
            RowProvisioned provisioned = roundTrip(Topics.ROWS_PROVISIONED.valueSerde(), new RowProvisioned("warm-up", "warm-up", row,
                    RowProvisioned.Outcome.CREATED, "user-" + row, "user" + row + "@warm-up.example", "Warm Up " + row, "Bridge",
                    String.valueOf(100000 + row), List.of("+13122000101"), "Main", List.of(), List.of()));
            roundTrip(users, new CreatedUser(row, provisioned.email(), provisioned.displayName(), provisioned.licenceType(),
                    provisioned.extension(), provisioned.numbers(), provisioned.location(), provisioned.notes()));
            c = view.counts();
            view = roundTrip(views, view.with(view.status(), new ImportView.Counts(c.validated(), c.failed(), c.created() + 1,
                    c.notCreated(), c.skipped()), view.licenceShortfall(), view.emails(), view.notes(), Instant.now()));
            for (NotificationRequested.Kind kind : NotificationRequested.Kind.values()) {
                roundTrip(Topics.NOTIFICATION_RESULTS.valueSerde(), new NotificationResult("warm-up", "warm-up", row, kind,
                        provisioned.email(), true, null, null));
            }
        }
        return view.status() == ImportStatus.COMPLETED ? view.counts().created() : 0;
    }

    private static <V> V roundTrip(Serde<V> serde, V value) {
        return serde.deserializer().deserialize("warm-up", serde.serializer().serialize("warm-up", value));
    }
}
