package com.bulkimport.ingest.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.bulkimport.events.RowError;
import com.bulkimport.events.StoreKey;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.ProblemException;
import com.bulkimport.pipeline.StreamsCondition;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * Reads the import view's stores for the HTTP answers. An import accepted by this instance is
 * answered from memory until the view has it, so its status answers as soon as its 202 has.
 * (One ingest instance holds every partition today; with several, a query would be routed to the
 * instance that owns the account's partition.)
 */
public class ImportViews {

    private final StreamsRunner streams;
    private final Map<String, ImportView> justAccepted = new ConcurrentHashMap<>();

    public ImportViews(StreamsRunner streams) {
        this.streams = streams;
    }

    public void accepted(ImportView view) {
        justAccepted.put(ImportViewTopology.importKey(view.accountId(), view.importId()), view);
    }

    public Optional<AccountSummary> account(String accountId) {
        return Optional.ofNullable(store(ImportViewTopology.ACCOUNTS_STORE, s -> s.<AccountSummary>get(accountId)))
                .filter(AccountSummary::known);
    }

    public Optional<ImportView> find(String accountId, String importId) {
        String key = ImportViewTopology.importKey(accountId, importId);
        ImportView view = store(ImportViewTopology.IMPORTS_STORE, s -> s.<ImportView>get(key));
        if (view != null) {
            justAccepted.remove(key);
            return Optional.of(view.shown());
        }
        return Optional.ofNullable(justAccepted.get(key));
    }

    /** The account's imports, newest first. */
    public List<ImportView> list(String accountId) {
        Map<String, ImportView> all = new java.util.HashMap<>();
        justAccepted.forEach((k, v) -> {
            if (v.accountId().equals(accountId)) {
                all.put(v.importId(), v);
            }
        });
        all.putAll(this.<ImportView>range(ImportViewTopology.IMPORTS_STORE, accountId).stream()
                .collect(java.util.stream.Collectors.toMap(ImportView::importId, ImportView::shown)));
        List<ImportView> result = new ArrayList<>(all.values());
        result.sort(Comparator.comparing(ImportView::requestedAt).reversed());
        return result;
    }

    public List<RowError> rowErrors(String accountId, String importId) {
        List<RowError> errors = new ArrayList<>();
        this.<ImportViewTopology.RowErrors>range(ImportViewTopology.ROW_ERRORS_STORE, StoreKey.of(accountId, importId))
                .forEach(r -> errors.addAll(r.errors()));
        return errors;
    }

    /**
     * One page of the import's row errors (rows in order, each row's errors in order): the store is
     * read from the import's first row up to the page's last error, never beyond.
     */
    public List<RowError> rowErrors(String accountId, String importId, int page, int size) {
        return store(ImportViewTopology.ROW_ERRORS_STORE,
                s -> errorPage(s.store(), StoreKey.of(accountId, importId), (long) page * size, size));
    }

    /**
     * How many row errors the import has: the view's count, kept as errors are stored; for a view
     * stored before that count existed, counted from the store.
     */
    public int errorCount(ImportView view) {
        return view.errorCount() != null ? view.errorCount() : rowErrors(view.accountId(), view.importId()).size();
    }

    /** One page of the users created, in row order: the store is read up to the page's last entry only. */
    public List<CreatedUser> users(String accountId, String importId, int page, int size) {
        return store(ImportViewTopology.USERS_STORE,
                s -> entryPage(s.store(), StoreKey.of(accountId, importId), (long) page * size, size));
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

    /** The import's rows as uploaded, with their provisioning outcome where known, in row order. */
    public List<StoredRow> rows(String accountId, String importId) {
        return range(ImportViewTopology.ROWS_STORE, StoreKey.of(accountId, importId));
    }

    /** Each row's errors (validation) or not-created reasons (provisioning), by row. */
    public Map<Integer, List<RowError>> rowErrorsByRow(String accountId, String importId) {
        Map<Integer, List<RowError>> byRow = new java.util.TreeMap<>();
        rowErrors(accountId, importId).forEach(e -> byRow.computeIfAbsent(e.row(), r -> new ArrayList<>()).add(e));
        return byRow;
    }

    private <V> List<V> range(String storeName, String prefix) {
        return store(storeName, s -> {
            List<V> values = new ArrayList<>();
            try (var it = s.<V>range(StoreKey.of(prefix, ""), StoreKey.prefixEnd(prefix))) {
                it.forEachRemaining(kv -> values.add(kv.value));
            }
            return values;
        });
    }

    private <T> T store(String name, Function<TypedStore, T> query) {
        if (!streams.isQueryable()) {
            throw unavailable(streams.condition());
        }
        try {
            ReadOnlyKeyValueStore<String, Object> store = streams.streams()
                    .store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
            return query.apply(new TypedStore(store));
        } catch (InvalidStateStoreException e) {
            throw unavailable(streams.condition());
        }
    }

    /**
     * The 503 of a view that cannot be read, agreeing with the health endpoint (the same
     * {@link StreamsCondition}): "being restored" only while health says it is starting or
     * recovering within its grace; once the streams failed or are stuck, health is DOWN and the
     * answer says the service needs a restart.
     */
    static ProblemException unavailable(StreamsCondition condition) {
        if (condition.worthWaiting() || condition == StreamsCondition.RUNNING) {
            return ApiErrorCode.VIEW_STARTING.refused();
        }
        return ApiErrorCode.VIEW_DOWN.refused(condition.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** A store read with the value type the caller expects. */
    private record TypedStore(ReadOnlyKeyValueStore<String, Object> store) {
        @SuppressWarnings("unchecked")
        <V> V get(String key) {
            return (V) store.get(key);
        }

        @SuppressWarnings("unchecked")
        <V> org.apache.kafka.streams.state.KeyValueIterator<String, V> range(String from, String to) {
            return (org.apache.kafka.streams.state.KeyValueIterator<String, V>) (Object) store.range(from, to);
        }
    }
}
