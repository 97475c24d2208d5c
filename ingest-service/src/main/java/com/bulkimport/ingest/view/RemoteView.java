package com.bulkimport.ingest.view;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import com.bulkimport.events.RowError;
import com.bulkimport.ingest.web.ApiErrorCode;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The view of an account held by another instance, read through its internal endpoint
 * ({@link ViewQueryController}) with the shared secret. Bounded: the client's connect and read
 * timeouts, and at most {@code maxResponseBytes} read of any answer. An instance that does not
 * answer, or answers that its view is not ready (it is restoring, or the account is moving), is a
 * 503 {@code VIEW_STARTING} with Retry-After: the group is rebalancing, or about to.
 */
final class RemoteView implements ViewReader {

    /** The header that carries the shared secret between instances. */
    static final String SECRET_HEADER = "X-Bulkimport-View-Secret";
    private static final Logger log = LoggerFactory.getLogger(RemoteView.class);

    private final RestClient client;
    private final JsonMapper json;
    private final HostInfo owner;
    private final String secret;
    private final int maxResponseBytes;

    RemoteView(RestClient client, JsonMapper json, HostInfo owner, String secret, int maxResponseBytes) {
        this.client = client;
        this.json = json;
        this.owner = owner;
        this.secret = secret;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public Optional<AccountSummary> account(String accountId) {
        return Optional.ofNullable(get(new TypeReference<AccountSummary>() { }, true, "accounts/{a}", Map.of(), accountId));
    }

    @Override
    public Optional<ImportView> importView(String accountId, String importId) {
        return Optional.ofNullable(get(new TypeReference<ImportView>() { }, true, "accounts/{a}/imports/{i}", Map.of(),
                accountId, importId));
    }

    @Override
    public Optional<ImportView> committedImportView(String accountId, String importId) {
        return Optional.ofNullable(get(new TypeReference<ImportView>() { }, true, "accounts/{a}/imports/{i}/committed",
                Map.of(), accountId, importId));
    }

    @Override
    public List<ImportView> imports(String accountId) {
        return get(new TypeReference<List<ImportView>>() { }, false, "accounts/{a}/imports", Map.of(), accountId);
    }

    @Override
    public List<RowError> errorPage(String accountId, String importId, int page, int size) {
        return get(new TypeReference<List<RowError>>() { }, false, "accounts/{a}/imports/{i}/error-page",
                Map.of("page", page, "size", size), accountId, importId);
    }

    @Override
    public List<CreatedUser> users(String accountId, String importId, int page, int size) {
        return get(new TypeReference<List<CreatedUser>>() { }, false, "accounts/{a}/imports/{i}/users",
                Map.of("page", page, "size", size), accountId, importId);
    }

    @Override
    public List<StoredRow> rows(String accountId, String importId, int fromRow, int size) {
        return get(new TypeReference<List<StoredRow>>() { }, false, "accounts/{a}/imports/{i}/rows",
                Map.of("fromRow", fromRow, "size", size), accountId, importId);
    }

    @Override
    public List<RowErrorsOf> rowErrors(String accountId, String importId, int fromRow, int size) {
        return get(new TypeReference<List<RowErrorsOf>>() { }, false, "accounts/{a}/imports/{i}/row-errors",
                Map.of("fromRow", fromRow, "size", size), accountId, importId);
    }

    /** One call; null for a 404 where {@code absentIsNull}. */
    private <T> T get(TypeReference<T> type, boolean absentIsNull, String path, Map<String, Object> query,
            Object... variables) {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance().scheme("http").host(owner.host())
                .port(owner.port()).path(ViewQueryController.PATH + "/" + path);
        query.forEach(uri::queryParam);
        // the template is encoded first, so that an id's own "/" or "?" is encoded as data, not kept as syntax
        URI address = uri.encode().buildAndExpand(variables).toUri();
        try {
            return client.get().uri(address).header(SECRET_HEADER, secret).accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> {
                        HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
                        if (status == HttpStatus.OK) {
                            return json.readValue(bounded(response.getBody()), type);
                        }
                        if (status == HttpStatus.NOT_FOUND && absentIsNull) {
                            return null;
                        }
                        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
                            throw ApiErrorCode.VIEW_STARTING_ELSEWHERE.refused(owner.host() + ":" + owner.port());
                        }
                        // A wrong secret or a different version of the service: an operator must look.
                        throw new IllegalStateException("The ingest instance at " + owner.host() + ":" + owner.port()
                                + " answered " + response.getStatusCode().value() + " to " + request.getURI().getPath());
                    });
        } catch (ResourceAccessException e) {
            log.warn("The ingest instance at {}:{} holding this account's imports did not answer: {}", owner.host(),
                    owner.port(), e.getMessage());
            throw ApiErrorCode.VIEW_STARTING_ELSEWHERE.refused(owner.host() + ":" + owner.port());
        } catch (JacksonException e) {
            throw new IllegalStateException("Unreadable answer of the ingest instance at " + owner, e);
        }
    }

    /** The answer's bytes, refused beyond {@code maxResponseBytes}. */
    private byte[] bounded(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(maxResponseBytes + 1);
        if (bytes.length > maxResponseBytes) {
            throw new IllegalStateException("The ingest instance at " + owner + " answered more than " + maxResponseBytes
                    + " bytes (bulkimport.view.max-response-bytes)");
        }
        return bytes;
    }
}
