package com.bulkimport.notification.operator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import com.bulkimport.events.EmailResendRequested;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.StoreKey;
import com.bulkimport.events.Topics;
import com.bulkimport.notification.delivery.EmailDelivery;
import com.bulkimport.notification.delivery.ResendReport;
import com.bulkimport.pipeline.StreamsRunner;

/**
 * {@code POST /actuator/resendemails} with {@code accountId}, {@code importId} (and optionally
 * {@code row}, {@code kind}, {@code requestedBy}): the given-up emails of that import are sent
 * again, once each. The request goes on {@code email-resends.v1}, keyed by account, so the
 * Kafka Streams task that owns the account's emails acts on it, with its record of what was sent;
 * the endpoint then waits (bounded) for that task's report and returns it: it asks the task's store
 * (a Kafka Streams interactive query) every {@value #LOOK_EVERY_MS} ms, through Spring's
 * {@link RetryTemplate}, until the report is there or {@code waitForReport} has passed (then 202,
 * with where to ask later). The report is written in the same transaction as the emails' record,
 * and the store is where it is: there is no event to wait on in this instance. A second request for
 * the same emails sends nothing and reports them as sent again before.
 * {@code GET /actuator/resendemails/{accountId}/{requestId}} returns a request's report later.
 * Like the rest of this service's actuator, it answers on 127.0.0.1 only unless set otherwise.
 * Its producer's metrics are exported with the service's ({@code kafka.producer.*}, by the
 * producer factory's listener).
 */
@Endpoint(id = "resendemails")
public class ResendEmailsEndpoint {

    /** How long the request may take to be written to Kafka (the producer's blocking and delivery bound). */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    static final long LOOK_EVERY_MS = 100;

    private final KafkaTemplate<String, EmailResendRequested> requests;
    private final StreamsRunner streams;
    private final RetryTemplate untilReported;

    /**
     * @param requests writes to {@code email-resends.v1}, connected as {@code spring.kafka.*} says
     * @param streams the notification topology, whose store holds the reports
     * @param waitForReport how long a request waits for its report before answering 202
     */
    public ResendEmailsEndpoint(KafkaTemplate<String, EmailResendRequested> requests, StreamsRunner streams,
            Duration waitForReport) {
        this.requests = requests;
        this.streams = streams;
        this.untilReported = new RetryTemplate(RetryPolicy.builder()
                .includes(NotReportedYet.class)
                .maxRetries(Long.MAX_VALUE)
                .delay(Duration.ofMillis(LOOK_EVERY_MS))
                .timeout(waitForReport)
                .build());
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
            requests.send(Topics.EMAIL_RESENDS.name(), accountId, ask).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new WebEndpointResponse<>(Map.of("error", "The request could not be written to "
                    + Topics.EMAIL_RESENDS.name() + ": " + cause.getMessage()), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebEndpointResponse<>(Map.of("error", "interrupted"), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        try {
            ResendReport report = untilReported.execute(() -> {
                ResendReport found = reportOf(accountId, ask.requestId());
                if (found == null) {
                    throw new NotReportedYet();
                }
                return found;
            });
            return new WebEndpointResponse<>(report, WebEndpointResponse.STATUS_OK);
        } catch (RetryException notInTime) {
            if (notInTime.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
            }
            return new WebEndpointResponse<>(Map.of("requestId", ask.requestId(), "status", "ACCEPTED",
                    "report", "/actuator/resendemails/" + accountId + "/" + ask.requestId()), 202);
        }
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
            return null; // restoring or rebalancing: asked again at the next look
        }
    }

    /** The report is not in the store yet (or the store is restoring): look again. */
    private static final class NotReportedYet extends RuntimeException {

        NotReportedYet() {
            super("no report yet", null, false, false);
        }
    }
}
