package com.bulkimport.notification.delivery;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import com.bulkimport.pipeline.StreamsRunner;

/**
 * The gauge {@value #NAME}: the emails that wait for another try on this instance, counted in
 * {@link EmailDelivery}'s retry store when the gauge is read (a scrape), from outside the delivery.
 * The store holds only waiting emails (one is removed once sent or given up), so counting it is
 * bounded by what waits. While the streams are not queryable (starting, rebalancing) it reads NaN:
 * unknown, which Prometheus shows as a gap rather than a false zero.
 */
public final class WaitingEmails implements MeterBinder {

    public static final String NAME = "bulkimport.emails.waiting";

    private final StreamsRunner streams;
    private final String service;

    public WaitingEmails(StreamsRunner streams, String service) {
        this.streams = streams;
        this.service = service;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, WaitingEmails::count).description("Emails waiting for another try")
                .tag("service", service).strongReference(true).register(registry);
    }

    double count() {
        KafkaStreams s = streams.streams();
        if (s == null || !streams.isQueryable()) {
            return Double.NaN;
        }
        try {
            ReadOnlyKeyValueStore<String, PendingEmail> retries = s.store(
                    StoreQueryParameters.fromNameAndType(EmailDelivery.RETRY_STORE, QueryableStoreTypes.keyValueStore()));
            long count = 0;
            try (KeyValueIterator<String, PendingEmail> all = retries.all()) {
                while (all.hasNext()) {
                    all.next();
                    count++;
                }
            }
            return count;
        } catch (InvalidStateStoreException e) {
            return Double.NaN; // rebalancing since the check: unknown until the next scrape
        }
    }
}
