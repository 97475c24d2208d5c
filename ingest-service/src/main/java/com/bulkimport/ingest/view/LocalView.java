package com.bulkimport.ingest.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.bulkimport.events.RowError;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.StoreKey;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * The view's stores in this instance, for one account: read in the account's partition only when
 * it is known, so that a partition this instance does not hold (any more) is never answered as an
 * empty one (Kafka Streams refuses it: 503, not a wrong 404). Without a partition (routing not
 * configured: no web server, as in tests without one) every local partition is read.
 */
final class LocalView implements ViewReader {

    private final StreamsRunner streams;
    private final Integer partition;

    LocalView(StreamsRunner streams, Integer partition) {
        this.streams = streams;
        this.partition = partition;
    }

    @Override
    public Optional<AccountSummary> account(String accountId) {
        return Optional.ofNullable(store(ImportViewTopology.ACCOUNTS_STORE, s -> (AccountSummary) s.get(accountId)));
    }

    @Override
    public Optional<ImportView> importView(String accountId, String importId) {
        String key = ImportViewTopology.importKey(accountId, importId);
        return Optional.ofNullable(store(ImportViewTopology.IMPORTS_STORE, s -> (ImportView) s.get(key)));
    }

    @Override
    public Optional<ImportView> committedImportView(String accountId, String importId) {
        // not before it is committed: until then a crash of this instance would lose it
        return importView(accountId, importId)
                .filter(view -> streams.committedWrites().committed(ImportViewTopology.importKey(accountId, importId)));
    }

    @Override
    public List<ImportView> imports(String accountId) {
        return store(ImportViewTopology.IMPORTS_STORE, s -> {
            List<ImportView> values = new ArrayList<>();
            try (KeyValueIterator<String, Object> it = s.range(StoreKey.of(accountId, ""), StoreKey.prefixEnd(accountId))) {
                it.forEachRemaining(kv -> values.add((ImportView) kv.value));
            }
            return values;
        });
    }

    @Override
    public List<RowError> errorPage(String accountId, String importId, int page, int size) {
        return store(ImportViewTopology.ROW_ERRORS_STORE,
                s -> errorPage(s, StoreKey.of(accountId, importId), (long) page * size, size));
    }

    @Override
    public List<CreatedUser> users(String accountId, String importId, int page, int size) {
        return store(ImportViewTopology.USERS_STORE,
                s -> entryPage(s, StoreKey.of(accountId, importId), (long) page * size, size));
    }

    @Override
    public List<StoredRow> rows(String accountId, String importId, int fromRow, int size) {
        List<StoredRow> page = store(ImportViewTopology.ROWS_STORE, s -> fromRow(s, StoreKey.of(accountId, importId), fromRow, size));
        // a row without an outcome whose user was created: CREATED (the view does not write it again, StoredRow)
        return store(ImportViewTopology.USERS_STORE, users -> page.stream()
                .map(r -> r.outcome() == null && users.get(ImportViewTopology.rowKey(accountId, importId, r.row())) != null
                        ? r.withOutcome(RowProvisioned.Outcome.CREATED) : r)
                .toList());
    }

    @Override
    public List<RowErrorsOf> rowErrors(String accountId, String importId, int fromRow, int size) {
        return store(ImportViewTopology.ROW_ERRORS_STORE, s -> {
            List<RowErrorsOf> page = new ArrayList<>();
            String prefix = StoreKey.of(accountId, importId);
            try (var it = s.range(StoreKey.of(prefix, StoreKey.row(Math.max(0, fromRow))), StoreKey.prefixEnd(prefix))) {
                while (page.size() < size && it.hasNext()) {
                    var entry = it.next();
                    int row = Integer.parseInt(entry.key.substring(entry.key.lastIndexOf('|') + 1));
                    page.add(new RowErrorsOf(row, ((ImportViewTopology.RowErrors) entry.value).errors()));
                }
            }
            return page;
        });
    }

    /** The entries {@code from} to {@code from + size} (exclusive) of a prefix's range; stops after the last. */
    @SuppressWarnings("unchecked")
    static <V> List<V> entryPage(ReadOnlyKeyValueStore<String, Object> store, String prefix, long from, int size) {
        List<V> page = new ArrayList<>();
        long skipped = 0;
        try (var it = store.range(StoreKey.of(prefix, ""), StoreKey.prefixEnd(prefix))) {
            while (page.size() < size && it.hasNext()) {
                Object value = it.next().value;
                if (skipped < from) {
                    skipped++;
                } else {
                    page.add((V) value);
                }
            }
        }
        return page;
    }

    /**
     * The row errors {@code from} to {@code from + size} (exclusive), counting each row's errors,
     * of a prefix's range; stops at the row that holds the page's last error.
     */
    static List<RowError> errorPage(ReadOnlyKeyValueStore<String, Object> store, String prefix, long from, int size) {
        List<RowError> page = new ArrayList<>();
        long toSkip = from;
        try (var it = store.range(StoreKey.of(prefix, ""), StoreKey.prefixEnd(prefix))) {
            while (page.size() < size && it.hasNext()) {
                List<RowError> errors = ((ImportViewTopology.RowErrors) it.next().value).errors();
                if (toSkip >= errors.size()) {
                    toSkip -= errors.size();
                    continue;
                }
                int start = (int) toSkip;
                toSkip = 0;
                page.addAll(errors.subList(start, Math.min(errors.size(), start + size - page.size())));
            }
        }
        return page;
    }

    /** Up to {@code size} entries of a row-keyed range, from row {@code fromRow} on: a seek, not a skip. */
    @SuppressWarnings("unchecked")
    static <V> List<V> fromRow(ReadOnlyKeyValueStore<String, Object> store, String prefix, int fromRow, int size) {
        List<V> page = new ArrayList<>();
        try (var it = store.range(StoreKey.of(prefix, StoreKey.row(Math.max(0, fromRow))), StoreKey.prefixEnd(prefix))) {
            while (page.size() < size && it.hasNext()) {
                page.add((V) it.next().value);
            }
        }
        return page;
    }

    private <T> T store(String name, Function<ReadOnlyKeyValueStore<String, Object>, T> query) {
        if (!streams.isQueryable()) {
            throw ImportViews.unavailable(streams.condition());
        }
        try {
            StoreQueryParameters<ReadOnlyKeyValueStore<String, Object>> parameters =
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
            if (partition != null) {
                parameters = parameters.withPartition(partition);
            }
            return query.apply(streams.streams().store(parameters));
        } catch (InvalidStateStoreException e) {
            throw ImportViews.unavailable(streams.condition());
        }
    }
}
