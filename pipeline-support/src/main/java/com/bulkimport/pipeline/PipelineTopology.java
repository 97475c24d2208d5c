package com.bulkimport.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import com.bulkimport.events.JsonSerde;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topic;
import com.bulkimport.events.Topics;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountNumber;

/**
 * A service's Kafka Streams topology, wired from the topic registry: a source or sink names a
 * {@link Topic} and reads or writes it with that topic's own key and value serdes; a store is
 * keyed by a {@link StoreKey} string and of the service's {@link StoreKind}. Nodes are added in
 * the order of the calls, as on a {@link Topology}. Each processor runs observed
 * ({@link ObservedProcessor}): its records' account and import in the logging context, and what it
 * forwards counted by the {@link PipelineMeters}.
 */
public final class PipelineTopology {

    private static final Serde<String> STORE_KEY = Serdes.String();

    private final Topology topology = new Topology();
    private final StoreKind stores;
    private final Set<String> deadLetterSinks = ConcurrentHashMap.newKeySet();

    public PipelineTopology(StoreKind stores) {
        this.stores = stores;
    }

    /**
     * A node that reads the topic, its records checked: the source node (named as the topic) reads
     * it with the topic's serdes, so a record that cannot be read (not JSON, a required field
     * missing, an unknown schema version) is refused there; then {@code node} passes on only the
     * records keyed by their own account id ({@link AccountKeyCheck}). Refused records go to the
     * dead-letter topic with the reason in their headers, and the partition moves on.
     */
    public <V> PipelineTopology source(String node, Topic<String, V> topic) {
        topology.addSource(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
        topology.addProcessor(node, () -> new AccountKeyCheck<V>(topic.name()), topic.name());
        return this;
    }

    /**
     * A processor as this class runs it ({@link ObservedProcessor}: observed, and committing when
     * idle), for a topology built without this class: the benchmark's pass-through limit, which must
     * commit as the pipeline does.
     */
    public static <KIn, VIn, KOut, VOut> Processor<KIn, VIn, KOut, VOut> observed(Processor<KIn, VIn, KOut, VOut> processor) {
        return new ObservedProcessor<>(processor, Set.of());
    }

    /** A processor node of the given parents (sources or processors), observed ({@link ObservedProcessor}). */
    public <KIn, VIn, KOut, VOut> PipelineTopology processor(String node,
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, String... parents) {
        topology.addProcessor(node, new ProcessorSupplier<KIn, VIn, KOut, VOut>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new ObservedProcessor<>(supplier.get(), deadLetterSinks);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        }, parents);
        return this;
    }

    /**
     * A key-value store of the given processors, keyed by {@link StoreKey} strings. Its record cache
     * ({@code statestore.cache.max.bytes}) is on: a key written again and again within a commit
     * interval (an import's progress or view, once per row; an account's record, once per user
     * created) reaches the local store and its changelog once per commit, not once per write. The
     * cache is flushed on every commit, inside the transaction, so exactly-once holds as before.
     */
    public <V> PipelineTopology store(String name, Serde<V> values, String... processors) {
        return store(name, values, true, false, processors);
    }

    /**
     * A key-value store like {@link #store}, its values also kept as objects
     * ({@link KeptValuesStore}): for a few keys read for nearly every record (an import's progress
     * or view, an account's record), which are then not decoded from their JSON every time, nor
     * encoded for every write over a kept value (written to the store when the task commits, as
     * the record cache would write it to the changelog).
     */
    public <V> PipelineTopology storeKeptAsObjects(String name, Serde<V> values, String... processors) {
        return store(name, values, true, true, processors);
    }

    /**
     * A key-value store like {@link #store}, without the record cache: for a store whose keys are
     * written once each (a row, a value claimed in a file) and deleted together later, where the
     * cache would merge nothing and only add its own sorted-map work to every write.
     */
    public <V> PipelineTopology storeWrittenOncePerKey(String name, Serde<V> values, String... processors) {
        return store(name, values, false, false, processors);
    }

    /**
     * A key-value store like {@link #storeWrittenOncePerKey}, without a changelog: an index that its
     * processor makes again in {@code init} from stores that have one (validation's claimed values,
     * from its gathered rows). Nothing in it survives a restart, a move to another instance or an
     * aborted transaction by itself, so it may hold nothing that is not also elsewhere.
     */
    public <V> PipelineTopology indexWithoutChangelog(String name, Serde<V> values, String... processors) {
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.supplier(name), STORE_KEY, values)
                .withCachingDisabled().withLoggingDisabled(), processors);
        return this;
    }

    private <V> PipelineTopology store(String name, Serde<V> values, boolean cached, boolean kept,
            String... processors) {
        StoreBuilder<KeyValueStore<String, V>> builder = Stores.keyValueStoreBuilder(stores.supplier(name), STORE_KEY, values);
        builder = cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
        // over a cached store, values written over kept ones go to the store at the commit (the cache
        // would merge them there anyway); over a ledger, every write goes through at once
        topology.addStateStore(kept ? KeptValuesStore.over(builder, cached) : builder, processors);
        return this;
    }

    /**
     * The three stores of {@link AccountStores}, shared by the given processors. The accounts'
     * records, read for every row, are kept as objects ({@link KeptValuesStore}).
     */
    public PipelineTopology accountStores(AccountStores.Names names, String... processors) {
        return accountStores(names, true, processors);
    }

    /**
     * The three stores of {@link AccountStores} of the one writer of the account's facts
     * (provisioning), without the record cache: each number, extension and licence given reaches
     * the changelog as its own record, in the order given, so the changelog is the ledger of who got
     * what and when (what {@code AccountEventsRaceEndToEndTest} checks every assignment against),
     * not a summary per commit.
     */
    public PipelineTopology accountLedger(AccountStores.Names names, String... processors) {
        return accountStores(names, false, processors);
    }

    private PipelineTopology accountStores(AccountStores.Names names, boolean cached, String... processors) {
        return store(names.accounts(), new JsonSerde<>(Account.class), cached, true, processors)
                .store(names.numbers(), new JsonSerde<>(AccountNumber.class), cached, false, processors)
                .store(names.extensions(), Serdes.String(), cached, false, processors);
    }

    /** A sink node that writes the topic; the parents forward to it by its node name. */
    public <K, V> PipelineTopology sink(String node, Topic<K, V> topic, String... parents) {
        topology.addSink(node, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parents);
        return this;
    }

    /**
     * A sink node that writes records of {@code recordsOf} to the dead-letter topic, as they were
     * written to their own topic (what the dead-letter topic holds: the bytes of the record given up).
     */
    public <K, V> PipelineTopology deadLetterSink(String node, Topic<K, V> recordsOf, String... parents) {
        deadLetterSinks.add(node);
        topology.addSink(node, Topics.DEAD_LETTERS.name(), recordsOf.keySerde().serializer(),
                recordsOf.valueSerde().serializer(), parents);
        return this;
    }

    public Topology build() {
        return topology;
    }
}
