package com.bulkimport.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.bulkimport.events.Json;

import tools.jackson.databind.JsonNode;

/** The ingest API as a client uses it: HTTP Basic, multipart upload, JSON answers. Shared by the tests of several modules. */
public final class IngestApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    public IngestApi(String base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a server-sent event stream; its lines arrive as the server writes them. */
    public HttpResponse<java.util.stream.Stream<String>> stream(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    public HttpResponse<String> upload(String accountId, String fileName, String csv, String query)
            throws IOException, InterruptedException {
        String boundary = "----e2e" + UUID.randomUUID();
        String body = multipartFile(boundary, fileName, csv);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/accounts/" + accountId + "/imports" + query))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data body with one part, {@code file}, holding the CSV text. */
    public static String multipartFile(String boundary, String fileName, String csv) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + csv + "\r\n"
                + "--" + boundary + "--\r\n";
    }

    /** Polls a path until it answers 200. */
    public void awaitOk(String path, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not answer 200 in " + timeout + "; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    /** Polls an import's status until at least {@code count} emails are reported sent. */
    public JsonNode awaitEmails(String statusUrl, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = getJson(statusUrl);
            if (status.get("emails").get("sent").asInt() >= count) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Fewer than " + count + " emails reported sent in " + timeout + "; last: " + status);
    }

    /** Polls an import's status until it is one of {@code terminal}, or fails after the timeout. */
    public JsonNode awaitStatus(String statusUrl, Duration timeout, String... terminal) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = getJson(statusUrl);
            for (String t : terminal) {
                if (t.equals(status.get("status").asString())) {
                    return status;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Import did not reach " + String.join("/", terminal) + " in " + timeout + "; last: " + status);
    }
}
