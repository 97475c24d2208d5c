package com.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.bulkimport.events.StoreKey;

/**
 * The lowest free extension from the per-length cursors gives what probing upward from the lowest
 * extension gave (the allocator before the cursors, kept here as {@link #probed}), and reads the
 * store a few times per allocation however many extensions are taken.
 */
class AccountStoresLowestFreeExtensionTest {

    private static final String ACCOUNT = "acme";

    private final AtomicLong reads = new AtomicLong();
    private KeyValueStore<String, String> extensions;
    private AccountStores stores;

    @BeforeEach
    void openStores() {
        KeyValueBytesStoreSupplier counting = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return "extensions";
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new InMemoryKeyValueStore("extensions") {
                    @Override
                    public synchronized byte[] get(Bytes key) {
                        reads.incrementAndGet();
                        return super.get(key);
                    }
                };
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
        extensions = Stores.keyValueStoreBuilder(counting, Serdes.String(), Serdes.String())
                .withLoggingDisabled().withCachingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        extensions.init(context.getStateStoreContext(), extensions);
        stores = new AccountStores(null, null, extensions);
    }

    /** The allocator before the cursors: probing upward one extension at a time. */
    private static Optional<String> probed(int minLength, int maxLength, Predicate<String> inUse) {
        long first = (long) Math.pow(10, minLength - 1);
        long last = (long) Math.pow(10, maxLength) - 1;
        for (long candidate = first; candidate <= last; candidate++) {
            String extension = Long.toString(candidate);
            if (!inUse.test(extension)) {
                return Optional.of(extension);
            }
        }
        return Optional.empty();
    }

    private Optional<String> before(int minLength, int maxLength) {
        return probed(minLength, maxLength, e -> extensions.get(StoreKey.of(ACCOUNT, e)) != null);
    }

    private void take(String extension, String usedBy) {
        extensions.put(StoreKey.of(ACCOUNT, extension), usedBy);
    }

    /** Takes {@code from-to} ranges and single extensions, separated by {@code ;}. */
    private void take(String taken) {
        for (String part : taken.isEmpty() ? new String[0] : taken.split(";")) {
            String[] range = part.split("-");
            long from = Long.parseLong(range[0]);
            long to = range.length == 1 ? from : Long.parseLong(range[1]);
            for (long e = from; e <= to; e++) {
                // Every third one is reserved rather than a user's: both are "in use".
                take(Long.toString(e), e % 3 == 0 ? "reserved: voicemail" : "user" + e + "@acme.example");
            }
        }
    }

    @ParameterizedTest(name = "{0} to {1} digits, taken [{2}]: {3}")
    @CsvSource(textBlock = """
            3, 6, '',                 100
            3, 6, 100;200,            101
            3, 6, 100-102,            103
            3, 6, 100-500;502,        501
            3, 6, 100-999,            1000
            3, 6, 100-999;1000-1500,  1501
            4, 4, 1000,               1001
            4, 4, 1000-9999,          none
            1, 1, 1-8,                9
            1, 1, 1-9,                none
            1, 2, 1-9;10-12;14,       13
            2, 3, 1-9,                10
            3, 3, 1000-1999,          100
            """)
    void shouldGiveWhatProbingGave(int min, int max, String taken, String expected) {
        take(taken);

        Optional<String> probedAnswer = before(min, max);
        Optional<String> answer = stores.lowestFreeExtension(ACCOUNT, min, max);

        assertThat(answer.orElse("none")).isEqualTo(expected).isEqualTo(probedAnswer.orElse("none"));
        // Asked again, with the cursors now stored: the same answer.
        assertThat(stores.lowestFreeExtension(ACCOUNT, min, max)).isEqualTo(answer);
    }

    @Test
    void shouldGiveWhatProbingGaveThroughAllocationsReservationsAndLengthChanges() {
        Random random = new Random(13);
        int[][] ranges = { { 3, 6 }, { 1, 2 }, { 2, 2 }, { 3, 3 }, { 1, 4 }, { 4, 4 }, { 2, 3 } };
        for (int step = 0; step < 3000; step++) {
            int[] range = ranges[(step / 200) % ranges.length];
            if (random.nextInt(4) == 0) {
                // The platform registers or reserves some extension, anywhere, maybe one already taken.
                take(Integer.toString(1 + random.nextInt(2000)), "reserved: step " + step);
                continue;
            }
            Optional<String> expected = before(range[0], range[1]);
            Optional<String> answer = stores.lowestFreeExtension(ACCOUNT, range[0], range[1]);
            assertThat(answer).as("step %d, %d to %d digits", step, range[0], range[1]).isEqualTo(expected);
            answer.ifPresent(e -> take(e, "allocated@acme.example"));
        }
    }

    @Test
    void shouldNotMixUpAccounts() {
        extensions.put(StoreKey.of("other", "100"), "someone@other.example");
        take("100-104");

        assertThat(stores.lowestFreeExtension("other", 3, 6)).contains("101");
        assertThat(stores.lowestFreeExtension(ACCOUNT, 3, 6)).contains("105");
    }

    /**
     * The figure: store reads per allocation in a 3-to-6-digit account, with none taken and with
     * 9,000 taken (100 to 9099), one after another, by probing and by the cursors.
     */
    @Test
    void shouldReadTheStoreAFewTimesPerAllocationHoweverManyAreTaken() {
        long emptyProbe = readsOf(() -> before(3, 6));
        long emptyCursor = readsOf(() -> allocate());

        openStores();
        take("100-9099");
        long denseProbe = readsOf(() -> before(3, 6));
        long firstCursor = readsOf(() -> allocate());
        long cursorReads = 0;
        long probeReads = 0;
        int allocations = 100;
        for (int i = 0; i < allocations; i++) {
            probeReads += readsOf(() -> before(3, 6));
            cursorReads += readsOf(() -> allocate());
        }
        System.out.printf("lowest free extension, store reads per allocation: 0 taken: probing %d, cursor %d;"
                + " 9,000 taken: probing %d (then %.0f on average over %d more), cursor %d the first time (it walks"
                + " the block once, where no cursor was stored yet), then %.1f on average over %d more%n",
                emptyProbe, emptyCursor, denseProbe, (double) probeReads / allocations, allocations, firstCursor,
                (double) cursorReads / allocations, allocations);

        assertThat(emptyCursor).isLessThanOrEqualTo(3);
        assertThat(denseProbe).isEqualTo(9001);
        assertThat(firstCursor).isEqualTo(9003);
        // Per allocation: the full 3-digit cursor, the 4-digit cursor, the extension the last one
        // took, and the free one after it.
        assertThat(cursorReads).isEqualTo(4L * allocations);
    }

    private void allocate() {
        Optional<String> extension = stores.lowestFreeExtension(ACCOUNT, 3, 6);
        take(extension.orElseThrow(), "allocated@acme.example");
    }

    private long readsOf(Runnable action) {
        long start = reads.get();
        action.run();
        return reads.get() - start;
    }
}
