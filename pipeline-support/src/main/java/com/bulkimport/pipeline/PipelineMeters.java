package com.bulkimport.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import com.bulkimport.events.ImportGateDecided;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.RowProvisioned;
import com.bulkimport.events.RowValidated;
import com.bulkimport.events.UserCreated;

/**
 * The pipeline's business meters, one place for their names and tags. Every meter is tagged with
 * the {@code service} (the Kafka Streams application id) and otherwise only with tags of a few
 * fixed values: never an account, import, row or email, whose number has no bound.
 * <p>
 * The services' outputs are counted from the events themselves ({@link #output}), as
 * {@link PipelineTopology}'s processors forward them, so the business code carries no counters: a
 * {@code RowValidated} is a row validated, a {@code UserCreated} a user created. A {@link StreamsRunner}
 * hands its instance to the processors and handlers in the streams' settings ({@link #SETTING});
 * without one (a topology test) the meters count into nothing.
 * <p>
 * The counts are of work done, not of committed results: a transaction aborted by a crash or a
 * rebalance is done again, and counted again. They are for watching rates and trends; the topics
 * are the record of what happened.
 */
public final class PipelineMeters {

    /** The streams setting that carries a runner's meters to its processors and exception handlers. */
    public static final String SETTING = "bulkimport.meters";

    /** Rows by state (tag {@code state}); validation: valid, invalid; provisioning: created, not_created, skipped. */
    public static final String ROWS = "bulkimport.rows";
    /** Imports whose gate was decided (validation), by {@code outcome}: validation_failed, not_enough_licenses, validated, released. */
    public static final String IMPORTS_GATED = "bulkimport.imports.gated";
    /**
     * Users created (provisioning): one per {@code user created} event. Not {@code users.created}:
     * Prometheus keeps names ending in {@code _created} for a counter's start time, and would drop it.
     */
    public static final String USERS_CREATED = "bulkimport.created.users";
    /** Emails by {@code outcome} (notification): sent, or failed (given up or refused); operators' re-sends included. */
    public static final String EMAILS = "bulkimport.emails";
    /**
     * Imports that reached each {@code status} in ingest's view (validating, validation_failed,
     * not_enough_licenses, validated, in_progress, completed): the rate of imports by status; those
     * in a status now are the difference between it and the next ones.
     */
    public static final String IMPORTS = "bulkimport.imports";
    /** Records sent to the dead-letter topic, by {@code reason} ({@link DeadLetterReason}). */
    public static final String DEAD_LETTERS = "bulkimport.dead.letters";

    /** Why a record went to the dead-letter topic: the {@code reason} tag of {@link #DEAD_LETTERS}. */
    public enum DeadLetterReason {
        /** It could not be read (not JSON, a required field missing, an unknown schema version). */
        UNREADABLE,
        /** A processor failed on it (a record keyed by another account's id, a bug). */
        PROCESSING_FAILED,
        /** The service gave up on it (an email that could not be sent). */
        GIVEN_UP;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final PipelineMeters NONE = new PipelineMeters(new CompositeMeterRegistry(), "none");

    private final MeterRegistry registry;
    private final String service;
    /** The counters made so far, by name and tags: found again without building their id (every forwarded record). */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public PipelineMeters(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
    }

    /** The meters in the given streams settings (a processor's {@code appConfigs()}), or meters that count into nothing. */
    public static PipelineMeters of(Map<String, ?> settings) {
        return settings.get(SETTING) instanceof PipelineMeters meters ? meters : NONE;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The {@code service} tag, and the given tag names and values. */
    public Tags tags(String... more) {
        return Tags.of("service", service).and(more);
    }

    /** A counter of this service; registered once, found again by name and tags after that. */
    public Counter counter(String name, String description, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return counters.computeIfAbsent(key,
                k -> Counter.builder(name).description(description).tags(tags(tags)).register(registry));
    }

    public void deadLettered(DeadLetterReason reason) {
        counter(DEAD_LETTERS, "Records sent to the dead-letter topic", "reason", reason.tag()).increment();
    }

    /** Counts an event a processor forwards, when it is one of the business meters'. */
    public void output(Object event) {
        if (event instanceof RowValidated v) {
            rows(v.valid() ? "valid" : "invalid");
        } else if (event instanceof RowProvisioned p) {
            rows(p.outcome().name().toLowerCase(Locale.ROOT));
        } else if (event instanceof ImportGateDecided g) {
            counter(IMPORTS_GATED, "Imports whose gate was decided", "outcome",
                    g.outcome().name().toLowerCase(Locale.ROOT)).increment();
        } else if (event instanceof UserCreated) {
            counter(USERS_CREATED, "Users created").increment();
        } else if (event instanceof NotificationResult n) {
            counter(EMAILS, "Emails sent, or failed (given up or refused)", "outcome", n.sent() ? "sent" : "failed")
                    .increment();
        }
    }

    /** An import reached this status (ingest's view). */
    public void importReached(Enum<?> status) {
        counter(IMPORTS, "Imports that reached each status", "status", status.name().toLowerCase(Locale.ROOT))
                .increment();
    }

    private void rows(String state) {
        counter(ROWS, "Rows by the state they reached", "state", state).increment();
    }
}
