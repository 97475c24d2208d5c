package com.bulkimport.notification.operator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.notification.delivery.ResendReport;
import com.bulkimport.pipeline.StreamsRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * {@code POST /actuator/resendemails} with {@code accountId}, {@code importId} (and optionally
 * {@code row}, {@code kind}, {@code requestedBy}): the given-up emails of that import are sent
 * again, once each. The request goes on {@code email-resends.v1}, keyed by account, so the
 * Kafka Streams task that owns the account's emails acts on it, with its record of what was sent;
 * the endpoint then waits (bounded) for that task's report and returns it. A second request for
 * the same emails sends nothing and reports them as sent again before.
 * {@code GET /actuator/resendemails/{accountId}/{requestId}} returns a request's report later.
 * Like the rest of this service's actuator, it answers on 127.0.0.1 only unless set otherwise.
 * Its producer's metrics are exported with the service's ({@code kafka.producer.*}, as a
 * {@link MeterBinder}).
 */
@Endpoint(id = "resendemails")
public class ResendEmailsEndpoint implements DisposableBean, MeterBinder {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_EVERY = Duration.ofMillis(100);

    private final Producer<String, EmailResendRequested> producer;
    private final StreamsRunner streams;
    private final Duration waitForReport;
    private @Nullable KafkaClientMetrics producerMetrics;

    public ResendEmailsEndpoint(String bootstrapServers, StreamsRunner streams, Duration waitForReport) {
        this.streams = streams;
        this.waitForReport = waitForReport;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis()),
                Topics.EMAIL_RESENDS.keySerde().serializer(), Topics.EMAIL_RESENDS.valueSerde().serializer());
    }

    /** Asks for the import's given-up emails to be sent again, and returns what was done (202 if not done yet). */
    @WriteOperation
    public WebEndpointResponse<Object> resend(String accountId, String importId, @Nullable Integer row,
            NotificationRequested.@Nullable Kind kind, @Nullable String requestedBy) {
        if (accountId.isBlank() || importId.isBlank()) {
            return new WebEndpointResponse<>(Map.of("error", "accountId and importId must not be blank"),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        EmailResendRequested ask = new EmailResendRequested(UUID.randomUUID().toString(), accountId, importId, row, kind,
                requestedBy == null || requestedBy.isBlank() ? "operator" : requestedBy);
        try {
            producer.send(new ProducerRecord<>(Topics.EMAIL_RESENDS.name(), accountId, ask))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new WebEndpointResponse<>(Map.of("error", "The request could not be written to "
                    + Topics.EMAIL_RESENDS.name() + ": " + e.getMessage()), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebEndpointResponse<>(Map.of("error", "interrupted"), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        long deadline = System.nanoTime() + waitForReport.toNanos();
        while (System.nanoTime() < deadline) {
            ResendReport report = reportOf(accountId, ask.requestId());
            if (report != null) {
                return new WebEndpointResponse<>(report, WebEndpointResponse.STATUS_OK);
            }
            try {
                Thread.sleep(POLL_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new WebEndpointResponse<>(Map.of("requestId", ask.requestId(), "status", "ACCEPTED",
                "report", "/actuator/resendemails/" + accountId + "/" + ask.requestId()), 202);
    }

    /** A request's report, once the service acted on it (404 before, or when another instance holds the account). */
    @ReadOperation
    public WebEndpointResponse<ResendReport> report(@Selector String accountId, @Selector String requestId) {
        ResendReport report = reportOf(accountId, requestId);
        return report == null ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
                : new WebEndpointResponse<>(report, WebEndpointResponse.STATUS_OK);
    }

    private ResendReport reportOf(String accountId, String requestId) {
        var kafkaStreams = streams.streams();
        if (kafkaStreams == null) {
            return null;
        }
        try {
            ReadOnlyKeyValueStore<String, ResendReport> reports = kafkaStreams.store(StoreQueryParameters.fromNameAndType(
                    EmailDelivery.RESEND_REPORTS_STORE, QueryableStoreTypes.keyValueStore()));
            return reports.get(StoreKey.of(accountId, requestId));
        } catch (InvalidStateStoreException e) {
            return null; // restoring or rebalancing: asked again at the next poll
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
    }

    @Override
    public void destroy() {
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
