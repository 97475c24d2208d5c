package com.bulkimport.ingest.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import com.bulkimport.events.RowError;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.ProblemException;
import com.bulkimport.pipeline.StreamsCondition;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * Reads the import view for the HTTP answers, whichever ingest instance holds the account: every
 * caller (status, results, exports, progress, the page, the upload's one-import-per-account check)
 * reads through here. The view's stores are partitioned as their source topics, by account id, so
 * Kafka Streams' metadata names the instance that holds an account ({@code application.server} of
 * each instance): this one reads its own stores, in the account's partition; another is asked over
 * HTTP ({@link RemoteView}, its {@link ViewQueryController}). While the group rebalances, or the
 * holder does not answer, the answer is 503 {@code VIEW_STARTING} with Retry-After, never a 404.
 * <p>
 * The upload answers 202 only once the instance that holds the account has the import in its view,
 * committed ({@link #accepted}, {@link ViewReader#committedImportView}), waiting at most
 * {@code bulkimport.view.accept-wait}: so a status call right after the 202, whichever instance it
 * reaches, finds it, even if the holder crashed just after. Every other read answers the import as
 * soon as the view has it. Should the wait run out, this instance answers the import from memory
 * until the view has it (as every instance did before).
 */
public class ImportViews {

    private static final Logger log = LoggerFactory.getLogger(ImportViews.class);
    private static final Serializer<String> ACCOUNT_IDS = Serdes.String().serializer();
    /** Rows per call of a whole-import read (the exports); each call's answer stays far below the size bound. */
    static final int WHOLE_IMPORT_PAGE = 500;

    private final StreamsRunner streams;
    private final RemoteViews remote;
    private final RetryTemplate untilInView;
    private final Map<String, ImportView> justAccepted = new ConcurrentHashMap<>();
    private volatile HostInfo self;

    public ImportViews(StreamsRunner streams, RemoteViews remote, Duration acceptWait) {
        this.streams = streams;
        this.remote = remote;
        this.untilInView = new RetryTemplate(RetryPolicy.builder().delay(Duration.ofMillis(5)).multiplier(1.25)
                .maxDelay(Duration.ofMillis(200)).maxRetries(Long.MAX_VALUE).timeout(acceptWait).build());
    }

    /**
     * This instance's address as the others reach it (Kafka Streams' {@code application.server}); until
     * it is known (no web server) every read is local, as with one instance.
     */
    void advertise(HostInfo address) {
        this.self = address;
    }

    /**
     * An import just published: returns once the view of the instance that holds the account has it,
     * or after {@code accept-wait}; then this instance answers it from memory until the view has it.
     */
    public void accepted(ImportView view) {
        try {
            untilInView.execute(() -> reader(view.accountId()).committedImportView(view.accountId(), view.importId())
                    .orElseThrow(() -> new IllegalStateException("not in the view yet")));
        } catch (RetryException e) {
            log.warn("Import {} is not in the view of the instance holding account {} yet; answering it from memory",
                    view.importId(), view.accountId());
            justAccepted.put(ImportViewTopology.importKey(view.accountId(), view.importId()), view);
        }
    }

    public Optional<AccountSummary> account(String accountId) {
        return reader(accountId).account(accountId).filter(AccountSummary::known);
    }

    public Optional<ImportView> find(String accountId, String importId) {
        String key = ImportViewTopology.importKey(accountId, importId);
        Optional<ImportView> view = reader(accountId).importView(accountId, importId);
        if (view.isPresent()) {
            justAccepted.remove(key);
            return Optional.of(view.get().shown());
        }
        return Optional.ofNullable(justAccepted.get(key));
    }

    /** The account's imports, newest first. */
    public List<ImportView> list(String accountId) {
        Map<String, ImportView> all = new HashMap<>();
        justAccepted.forEach((k, v) -> {
            if (v.accountId().equals(accountId)) {
                all.put(v.importId(), v);
            }
        });
        reader(accountId).imports(accountId).forEach(v -> all.put(v.importId(), v.shown()));
        List<ImportView> result = new ArrayList<>(all.values());
        result.sort(Comparator.comparing(ImportView::requestedAt).reversed());
        return result;
    }

    /** Every row error of the import, rows in order: read in pages, from whichever instance holds it. */
    public List<RowError> rowErrors(String accountId, String importId) {
        ViewReader view = reader(accountId);
        List<RowError> errors = new ArrayList<>();
        inPages(from -> view.rowErrors(accountId, importId, from, WHOLE_IMPORT_PAGE), ViewReader.RowErrorsOf::row)
                .forEach(r -> errors.addAll(r.errors()));
        return errors;
    }

    /**
     * One page of the import's row errors (rows in order, each row's errors in order): the store is
     * read from the import's first row up to the page's last error, never beyond.
     */
    public List<RowError> rowErrors(String accountId, String importId, int page, int size) {
        return reader(accountId).errorPage(accountId, importId, page, size);
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
        return reader(accountId).users(accountId, importId, page, size);
    }

    /** The import's rows as uploaded, with their provisioning outcome where known, in row order (read in pages). */
    public List<StoredRow> rows(String accountId, String importId) {
        ViewReader view = reader(accountId);
        return inPages(from -> view.rows(accountId, importId, from, WHOLE_IMPORT_PAGE), StoredRow::row);
    }

    /**
     * A whole-import read, {@link #WHOLE_IMPORT_PAGE} rows a call: each call from the row after the
     * last one the previous call answered, until a call answers less than a page.
     */
    private static <T> List<T> inPages(IntFunction<List<T>> fromRow, ToIntFunction<T> rowOf) {
        List<T> all = new ArrayList<>();
        int from = 0;
        List<T> page;
        do {
            page = fromRow.apply(from);
            all.addAll(page);
            from = page.isEmpty() ? from : rowOf.applyAsInt(page.get(page.size() - 1)) + 1;
        } while (page.size() == WHOLE_IMPORT_PAGE);
        return all;
    }

    /** Each row's errors (validation) or not-created reasons (provisioning), by row. */
    public Map<Integer, List<RowError>> rowErrorsByRow(String accountId, String importId) {
        Map<Integer, List<RowError>> byRow = new TreeMap<>();
        rowErrors(accountId, importId).forEach(e -> byRow.computeIfAbsent(e.row(), r -> new ArrayList<>()).add(e));
        return byRow;
    }

    /** Where the account's part of the view is read: here, or at the instance that holds it. */
    ViewReader reader(String accountId) {
        Owner owner = owner(accountId);
        return owner.local() ? new LocalView(streams, owner.partition())
                : remote.at(owner.host());
    }

    /**
     * This instance's stores for an account it holds, for the internal endpoint: an account it does
     * not hold (any more: the group rebalanced since the caller looked) is 503, so that the caller
     * answers {@code VIEW_STARTING}, never an empty answer.
     */
    ViewReader localReader(String accountId) {
        Owner owner = owner(accountId);
        if (!owner.local()) {
            throw ApiErrorCode.VIEW_STARTING.refused();
        }
        return new LocalView(streams, owner.partition());
    }

    private Owner owner(String accountId) {
        if (!streams.isQueryable()) {
            throw unavailable(streams.condition());
        }
        HostInfo me = self;
        if (me == null) {
            return new Owner(true, null, null);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.streams().queryMetadataForKey(ImportViewTopology.IMPORTS_STORE, accountId, ACCOUNT_IDS);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw unavailable(streams.condition());
        }
        Owner owner = owner(metadata, me);
        if (owner == null) {
            throw unavailable(streams.condition());
        }
        return owner;
    }

    /**
     * The routing decision: where an account's part of the view is, from Kafka Streams' metadata for
     * its key. Null while the metadata is not available (the group is rebalancing).
     */
    static Owner owner(KeyQueryMetadata metadata, HostInfo self) {
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost() == null
                || HostInfo.unavailable().equals(metadata.activeHost()) || metadata.partition() < 0) {
            return null;
        }
        if (metadata.activeHost().equals(self)) {
            return new Owner(true, null, metadata.partition());
        }
        return new Owner(false, metadata.activeHost(), metadata.partition());
    }

    /** Where an account is held: this instance ({@code local}) or {@code host}; its partition when known. */
    record Owner(boolean local, HostInfo host, Integer partition) {
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
}
