package com.bulkimport.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;

import com.bulkimport.testing.IngestApi;

/**
 * The ingest API of a {@link ChaosCluster} as its drivers (the chaos run, the benchmark) call it: one
 * administrator over HTTP Basic, uploads as multipart, and a wait for a path to answer 200.
 */
final class ClusterClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Supplier<String> api;
    private final String authorization;

    /** @param api the ingest service's base address (known once the cluster has started) */
    ClusterClient(Supplier<String> api, String administrator) {
        this.api = api;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((administrator + ":" + administrator).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> upload(String accountId, String query, String fileName, String csv, Duration timeout)
            throws IOException {
        String boundary = "----cluster" + UUID.randomUUID();
        return send(HttpRequest.newBuilder(URI.create(api.get() + "/api/accounts/" + accountId + "/imports" + query))
                .timeout(timeout).header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(IngestApi.multipartFile(boundary, fileName, csv), StandardCharsets.UTF_8))
                .build());
    }

    HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(api.get() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Waits until the path answers 200 (connection refused counts as not yet), polling every {@code every}. */
    void awaitOk(String path, Duration timeout, Duration every) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (get(path).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " did not answer 200 in " + timeout);
            }
            Thread.sleep(every.toMillis());
        }
    }
}
