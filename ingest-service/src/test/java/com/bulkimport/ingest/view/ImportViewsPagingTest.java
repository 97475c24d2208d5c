package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * The status answer's pages of row errors and created users: the same as reading every entry and
 * slicing (the answer before), reading the store only up to the page's end; the error count kept
 * by the view equal to the errors stored.
 */
class ImportViewsPagingTest {

    private static final String PREFIX = StoreKey.of("demo", "big");
    private static final int ROWS = 1000;

    private TopologyTestDriver driver;
    private final AtomicLong steps = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        driver = new TopologyTestDriver(ImportViewTopology.build(StoreKind.IN_MEMORY), StreamsRunner.settings("paging-test",
                "dummy:9092", new PipelineProperties(1, (short) 1, Files.createTempDirectory("view").toString(), 100L)));
        pipe(Topics.IMPORT_SUBMISSIONS, new ImportSubmission.ImportRequested("big", "demo", "demo-admin", "u.csv", 2 * ROWS,
                List.of(), ImportOptions.defaults(), List.of(), Instant.parse("2026-01-01T00:00:00Z")));
        // Rows 2..1001: every third fails validation, with two errors every ninth; the others are
        // provisioned, every seventh not created (one reason), the rest created.
        for (int row = 2; row < ROWS + 2; row++) {
            if (row % 3 == 0) {
                List<RowError> errors = new ArrayList<>();
                errors.add(RowError.of(row, TemplateColumn.EMAIL, "x" + row, ErrorCode.EMAIL_INVALID, "Not an email address."));
                if (row % 9 == 0) {
                    errors.add(RowError.of(row, TemplateColumn.EXTENSION, "12", ErrorCode.EXTENSION_INVALID, "Too short."));
                }
                pipe(Topics.ROWS_VALIDATED, new RowValidated("big", "demo", row, errors));
            } else {
                pipe(Topics.ROWS_VALIDATED, new RowValidated("big", "demo", row, List.of()));
                boolean created = row % 7 != 0;
                pipe(Topics.ROWS_PROVISIONED, new RowProvisioned("big", "demo", row,
                        created ? RowProvisioned.Outcome.CREATED : RowProvisioned.Outcome.NOT_CREATED, "u" + row,
                        "u" + row + "@demo.example", "U", "Essentials", "1" + row, List.of(), "Main Company Address",
                        created ? List.of() : List.of(RowError.of(row, TemplateColumn.LICENCE_TYPE, "Essentials",
                                ErrorCode.LICENCE_TAKEN, "No licence is free any more.")),
                        List.of()));
            }
        }
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest(name = "page {0} of {1}")
    @CsvSource(textBlock = """
            0, 100
            1, 100
            3, 100
            4, 100
            5, 100
            0, 1
            7, 1
            110, 3
            0, 1000
            1, 1000
            2147483647, 1000
            """)
    void shouldAnswerEachPageOfErrorsAsSlicingAllOfThem(int page, int size) {
        List<RowError> all = everyError();

        List<RowError> answer = LocalView.errorPage(counted(ImportViewTopology.ROW_ERRORS_STORE), PREFIX,
                (long) page * size, size);

        assertThat(answer).isEqualTo(slice(all, page, size));
    }

    @ParameterizedTest(name = "page {0} of {1}")
    @CsvSource(textBlock = """
            0, 100
            2, 100
            5, 100
            6, 100
            9, 1
            0, 1000
            3, 1000
            """)
    void shouldAnswerEachPageOfUsersAsSlicingAllOfThem(int page, int size) {
        List<Object> all = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = store(ImportViewTopology.USERS_STORE)
                .range(StoreKey.of(PREFIX, ""), StoreKey.prefixEnd(PREFIX))) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }

        List<CreatedUser> answer = LocalView.entryPage(counted(ImportViewTopology.USERS_STORE), PREFIX,
                (long) page * size, size);

        assertThat(answer).isEqualTo(slice(all, page, size));
    }

    @Test
    void shouldReadOnlyUpToThePageAskedFor() {
        long rowsWithErrors = countEntries(ImportViewTopology.ROW_ERRORS_STORE);

        steps.set(0);
        LocalView.errorPage(counted(ImportViewTopology.ROW_ERRORS_STORE), PREFIX, 0, 100);
        long firstPage = steps.get();
        steps.set(0);
        LocalView.errorPage(counted(ImportViewTopology.ROW_ERRORS_STORE), PREFIX, 200, 100);
        long thirdPage = steps.get();
        steps.set(0);
        LocalView.entryPage(counted(ImportViewTopology.USERS_STORE), PREFIX, 100, 100);
        long usersSecondPage = steps.get();
        System.out.printf("status paging, store entries read: %d rows with errors (%d errors); page 0 of 100 errors:"
                + " %d (before: %d), page 2: %d (before: %d); users page 1 of 100: %d (before: %d)%n", rowsWithErrors,
                everyError().size(), firstPage, rowsWithErrors, thirdPage, rowsWithErrors, usersSecondPage,
                countEntries(ImportViewTopology.USERS_STORE));

        // Errors come one or two a row: a page of 100 ends within its first 100 rows of errors.
        assertThat(firstPage).isBetween(50L, 100L);
        assertThat(thirdPage).isBetween(150L, 300L).isLessThan(rowsWithErrors);
        assertThat(usersSecondPage).isEqualTo(200);
    }

    @Test
    void shouldKeepTheErrorCountOfTheErrorsStored() {
        ImportView view = driver.<String, ImportView>getKeyValueStore(ImportViewTopology.IMPORTS_STORE)
                .get(ImportViewTopology.importKey("demo", "big"));

        assertThat(view.errorCount()).isEqualTo(everyError().size()).isGreaterThan(ROWS / 3);
    }

    @Test
    void shouldReadAViewStoredBeforeTheErrorCountAsNotCounted() {
        JsonSerde<ImportView> serde = new JsonSerde<>(ImportView.class);
        ImportView view = driver.<String, ImportView>getKeyValueStore(ImportViewTopology.IMPORTS_STORE)
                .get(ImportViewTopology.importKey("demo", "big"));
        String json = new String(serde.serialize("t", view), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst(",?\"errorCount\":\\d+", "");
        assertThat(json).doesNotContain("errorCount");

        ImportView old = serde.deserialize("t", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(old.errorCount()).isNull();
        assertThat(old.withErrorsAdded(2).errorCount()).as("still not counted").isNull();
    }

    private List<RowError> everyError() {
        List<RowError> all = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = store(ImportViewTopology.ROW_ERRORS_STORE)
                .range(StoreKey.of(PREFIX, ""), StoreKey.prefixEnd(PREFIX))) {
            it.forEachRemaining(kv -> all.addAll(((ImportViewTopology.RowErrors) kv.value).errors()));
        }
        return all;
    }

    private long countEntries(String name) {
        long n = 0;
        try (KeyValueIterator<String, Object> it = store(name).range(StoreKey.of(PREFIX, ""), StoreKey.prefixEnd(PREFIX))) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** The answer before: every entry read, then the page sliced. */
    private static <T> List<T> slice(List<T> all, int page, int size) {
        long from = (long) page * size;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + size));
    }

    @SuppressWarnings("unchecked")
    private ReadOnlyKeyValueStore<String, Object> store(String name) {
        return (ReadOnlyKeyValueStore<String, Object>) (Object) driver.getKeyValueStore(name);
    }

    /** The store, counting the entries its range iterators hand out. */
    private ReadOnlyKeyValueStore<String, Object> counted(String name) {
        ReadOnlyKeyValueStore<String, Object> store = store(name);
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public Object get(String key) {
                return store.get(key);
            }

            @Override
            public KeyValueIterator<String, Object> range(String from, String to) {
                KeyValueIterator<String, Object> it = store.range(from, to);
                return new KeyValueIterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public KeyValue<String, Object> next() {
                        steps.incrementAndGet();
                        return it.next();
                    }

                    @Override
                    public void close() {
                        it.close();
                    }

                    @Override
                    public String peekNextKey() {
                        return it.peekNextKey();
                    }
                };
            }

            @Override
            public KeyValueIterator<String, Object> all() {
                throw new AssertionError("a page never reads the whole store");
            }

            @Override
            public long approximateNumEntries() {
                return store.approximateNumEntries();
            }
        };
    }

    private <V> void pipe(Topic<String, V> topic, V value) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer())
                .pipeInput("demo", value);
    }
}
