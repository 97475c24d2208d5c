package com.bulkimport.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of the pipeline's topics: each topic's name with its key and value types, and
 * how long the broker keeps its records. Versions are in the names; a breaking change gets a new
 * topic. All are keyed by account id and created with the same partition count, so that topics
 * are co-partitioned.
 * <p>
 * None is compacted: every record is keyed by its account, and an account has many records on
 * each topic (one per row, per change), so compaction would keep only an account's last one.
 * The compacted topics are Kafka Streams' own changelogs, keyed per entry of their stores.
 */
public final class Topics {

    private static final Serde<String> ACCOUNT_ID = Serdes.String();

    /**
     * The work between services: kept 7 days, as Kafka keeps topics by default (set here, not left
     * to the broker's {@code log.retention.*}): a service stopped for a long weekend catches up, and
     * what the services keep from it lives in their stores' changelogs, not in the topic.
     */
    static final Map<String, String> KEPT_7_DAYS = kept(Duration.ofDays(7));

    /**
     * Kept for ever: the history the services' account views are built from. A service started
     * with empty state and no changelog (a new application id, a reset) reads it from the start.
     */
    static final Map<String, String> KEPT_FOR_EVER = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.RETENTION_MS_CONFIG, "-1");

    /** Records an operator must look at, replay or send again: a month to do it. */
    static final Map<String, String> KEPT_30_DAYS = kept(Duration.ofDays(30));

    /** Input from the platform: licences, settings, numbers, locations, reserved extensions, trunks, users. */
    public static final Topic<String, AccountEvent> ACCOUNT_EVENTS =
            topic("account-events.v1", AccountEvent.class, KEPT_FOR_EVER);

    /** ingest → validation: one ImportRequested then one RowSubmitted per row, in one transaction. */
    public static final Topic<String, ImportSubmission> IMPORT_SUBMISSIONS =
            topic("import-submissions.v1", ImportSubmission.class);

    /** validation → ingest: the verdict of each row. */
    public static final Topic<String, RowValidated> ROWS_VALIDATED =
            topic("rows-validated.v1", RowValidated.class);

    /** validation → ingest: the gate, decided once per import. */
    public static final Topic<String, ImportGateDecided> IMPORT_GATES =
            topic("import-gates.v1", ImportGateDecided.class);

    /** validation → provisioning: one command per row of a released import. */
    public static final Topic<String, ProvisionUser> PROVISION_REQUESTS =
            topic("provision-requests.v1", ProvisionUser.class);

    /** provisioning → ingest: each row created, not created or skipped. */
    public static final Topic<String, RowProvisioned> ROWS_PROVISIONED =
            topic("rows-provisioned.v1", RowProvisioned.class);

    /** provisioning → the world (and validation's view of the account): the public event. */
    public static final Topic<String, UserCreated> USERS_CREATED =
            new Topic<>("user-created.v1", ACCOUNT_ID, new JsonSerde<>(UserCreated.class, UserCreated.SCHEMA_VERSION),
                    KEPT_FOR_EVER);

    /** provisioning → notification: one email to send; a password in it is sealed for notification. */
    public static final Topic<String, NotificationRequested> NOTIFICATION_REQUESTS =
            topic("notification-requests.v1", NotificationRequested.class);

    /** notification → ingest: each email sent or failed. */
    public static final Topic<String, NotificationResult> NOTIFICATION_RESULTS =
            topic("notification-results.v1", NotificationResult.class);

    /** operator → notification: send again the given-up emails of an import, once. */
    public static final Topic<String, EmailResendRequested> EMAIL_RESENDS =
            topic("email-resends.v1", EmailResendRequested.class);

    /**
     * Records that could not be read or processed, and emails given up, with the reason in their
     * headers. Raw bytes: a record is kept as it was written to its own topic.
     */
    public static final Topic<byte[], byte[]> DEAD_LETTERS =
            new Topic<>("dead-letters.v1", Serdes.ByteArray(), Serdes.ByteArray(), KEPT_30_DAYS);

    /** The topics that carry the contract's records, each as JSON of its value type. */
    public static final List<Topic<String, ?>> EVENTS = List.of(ACCOUNT_EVENTS, IMPORT_SUBMISSIONS,
            ROWS_VALIDATED, IMPORT_GATES, PROVISION_REQUESTS, ROWS_PROVISIONED, USERS_CREATED,
            NOTIFICATION_REQUESTS, NOTIFICATION_RESULTS, EMAIL_RESENDS);

    /** Every topic of the pipeline, the dead-letter topic included: what a broker must have before services start. */
    public static final List<Topic<?, ?>> ALL = all();

    /** Every topic name, the dead-letter topic included. */
    public static List<String> allNames() {
        return ALL.stream().map(Topic::name).toList();
    }

    /** Every topic as a broker must have it, all with the same partition count (co-partitioned). */
    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        return newTopics(TopicSettings.of(partitions, replicationFactor));
    }

    /** Every topic as a broker must have it with these settings, all with the same partition count. */
    public static List<NewTopic> newTopics(TopicSettings settings) {
        return ALL.stream().map(t -> t.newTopic(settings)).toList();
    }

    private static List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>(EVENTS);
        all.add(DEAD_LETTERS);
        return List.copyOf(all);
    }

    private static <V> Topic<String, V> topic(String name, Class<V> valueType) {
        return topic(name, valueType, KEPT_7_DAYS);
    }

    private static <V> Topic<String, V> topic(String name, Class<V> valueType, Map<String, String> keeping) {
        return new Topic<>(name, ACCOUNT_ID, new JsonSerde<>(valueType), keeping);
    }

    private static Map<String, String> kept(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }

    private Topics() {
    }
}
