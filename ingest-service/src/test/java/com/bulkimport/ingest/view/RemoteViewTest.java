package com.bulkimport.ingest.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import com.bulkimport.events.RowError;
import com.bulkimport.ingest.web.ProblemException;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * The client of another instance's view is bounded (answer size, read timeout) and turns an
 * instance that is not there, or not ready, into 503 VIEW_STARTING; whole-import reads go in pages.
 */
class RemoteViewTest {

    private static final String SECRET = "remote-view-test-secret-0123456789abcdef";
    private HttpServer server;
    private final AtomicReference<String> secretSeen = new AtomicReference<>();
    private final AtomicReference<String> pathSeen = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** An instance that answers every call with this status and body, after a pause. */
    private RemoteView instance(int status, String body, Duration pause, Duration readTimeout) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            secretSeen.set(exchange.getRequestHeaders().getFirst(RemoteView.SECRET_HEADER));
            pathSeen.set(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return views(readTimeout).at(new HostInfo("127.0.0.1", server.getAddress().getPort()));
    }

    private static RemoteViews views(Duration readTimeout) {
        return new RemoteViews(new ViewSettings(null, SECRET, Duration.ofSeconds(2), readTimeout, DataSize.ofBytes(1000),
                null), SECRET, JsonMapper.builder().build());
    }

    @Test
    void shouldReadTheRecordsWithTheSecret() throws Exception {
        var view = instance(200, "[{\"row\":2,\"column\":\"Email Address (Mandatory)\",\"value\":\"x\",\"code\":\"EMAIL_INVALID\","
                + "\"message\":\"not valid\",\"suggestion\":null}]", Duration.ZERO, Duration.ofSeconds(5));
        List<RowError> page = view.errorPage("acme", "i-1", 0, 10);
        assertThat(page).extracting(RowError::row).containsExactly(2);
        assertThat(secretSeen.get()).isEqualTo(SECRET);
        assertThat(pathSeen.get()).startsWith("/internal/view/accounts/acme/imports/i-1/error-page?")
                .contains("page=0").contains("size=10");
    }

    @Test
    void shouldSendAnIdsOwnSlashOrQuestionMarkAsData() throws Exception {
        instance(404, "", Duration.ZERO, Duration.ofSeconds(5)).importView("a b/c", "d?e");
        assertThat(pathSeen.get()).isEqualTo("/internal/view/accounts/a%20b%2Fc/imports/d%3Fe?null");
    }

    @Test
    void shouldAskTheHolderForTheImportOnceCommitted() throws Exception {
        assertThat(instance(404, "", Duration.ZERO, Duration.ofSeconds(5)).committedImportView("acme", "i-1")).isEmpty();
        assertThat(pathSeen.get()).isEqualTo("/internal/view/accounts/acme/imports/i-1/committed?null");
    }

    @Test
    void shouldAnswerAnUnknownImportAsAbsent() throws Exception {
        assertThat(instance(404, "", Duration.ZERO, Duration.ofSeconds(5)).importView("acme", "nope")).isEmpty();
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheBound() throws Exception {
        var view = instance(200, "[" + "\"x\",".repeat(400) + "\"x\"]", Duration.ZERO, Duration.ofSeconds(5));
        assertThatThrownBy(() -> view.imports("acme")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max-response-bytes");
    }

    @Test
    void shouldAnswer503WhenTheHolderIsNotReadyIsSlowOrGone() throws Exception {
        assertViewStarting(() -> instance(503, "{}", Duration.ZERO, Duration.ofSeconds(5)).imports("acme"));
        stop();
        assertViewStarting(() -> instance(200, "[]", Duration.ofSeconds(3), Duration.ofMillis(200)).imports("acme"));
        stop();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        assertViewStarting(() -> views(Duration.ofSeconds(1)).at(new HostInfo("127.0.0.1", port)).imports("acme"));
    }

    @Test
    void shouldReadAWholeImportInPagesFromItsRowCursor() {
        List<int[]> asked = new ArrayList<>();
        List<StoredRow> stored = IntStream.rangeClosed(2, 1204).mapToObj(r -> new StoredRow(r, Map.of(), null)).toList();
        ViewReader reader = new ViewReader() {
            @Override
            public List<StoredRow> rows(String accountId, String importId, int fromRow, int size) {
                asked.add(new int[] { fromRow, size });
                return stored.stream().filter(r -> r.row() >= fromRow).limit(size).toList();
            }

            @Override
            public List<RowErrorsOf> rowErrors(String accountId, String importId, int fromRow, int size) {
                return stored.stream().filter(r -> r.row() >= fromRow && r.row() % 2 == 0).limit(size)
                        .map(r -> new RowErrorsOf(r.row(), List.of(new RowError(r.row(), "c", "v", null, "m", null))))
                        .toList();
            }

            public Optional<AccountSummary> account(String a) { throw new UnsupportedOperationException(); }
            public Optional<ImportView> importView(String a, String i) { throw new UnsupportedOperationException(); }
            public Optional<ImportView> committedImportView(String a, String i) { throw new UnsupportedOperationException(); }
            public List<ImportView> imports(String a) { throw new UnsupportedOperationException(); }
            public List<RowError> errorPage(String a, String i, int p, int s) { throw new UnsupportedOperationException(); }
            public List<CreatedUser> users(String a, String i, int p, int s) { throw new UnsupportedOperationException(); }
        };
        ImportViews views = new ImportViews(null, null, Duration.ZERO) {
            @Override
            ViewReader reader(String accountId) {
                return reader;
            }
        };
        assertThat(views.rows("acme", "i-1")).isEqualTo(stored);
        assertThat(asked).extracting(a -> a[1]).containsOnly(ImportViews.WHOLE_IMPORT_PAGE);
        assertThat(asked).extracting(a -> a[0]).containsExactly(0, 502, 1002);
        assertThat(views.rowErrorsByRow("acme", "i-1")).hasSize(602).containsKeys(2, 1204);
    }

    private static void assertViewStarting(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status().value()).isEqualTo(503);
            assertThat(e.errors().get(0).code()).isEqualTo("VIEW_STARTING");
            assertThat(e.retryAfter()).isNotNull();
        });
    }
}
