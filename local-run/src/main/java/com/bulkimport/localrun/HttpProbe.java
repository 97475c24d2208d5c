package com.bulkimport.localrun;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The health check of the containers of {@code docker-compose.yml} that run on a Java runtime and
 * nothing else: the four services' images and the OpenID Connect server's distroless image have no
 * shell, curl or wget, but all have {@code java}. Asks one URL, bounded (2 s to connect, 3 s to
 * answer, 64 KiB read), and exits 0 when it answers 200 and, if given, its body contains the
 * expected text; 1 otherwise, with the reason on stderr.
 *
 * <p>Usage: {@code java -cp local-run.jar com.bulkimport.localrun.HttpProbe <url> [expected-text]}.
 */
public final class HttpProbe {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    private HttpProbe() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("Usage: HttpProbe <url> [expected-text]");
            System.exit(2);
        }
        String problem = probe(args[0], args.length == 2 ? args[1] : null);
        if (problem != null) {
            System.err.println(args[0] + ": " + problem);
            System.exit(1);
        }
    }

    /** Null when the URL answers 200 (with the expected text, if any); else what went wrong. */
    static String probe(String url, String expected) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(3_000);
            connection.setInstanceFollowRedirects(false);
            try {
                int status = connection.getResponseCode();
                if (status != 200) {
                    return "answered " + status;
                }
                if (expected == null) {
                    return null;
                }
                try (InputStream body = connection.getInputStream()) {
                    String text = new String(body.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
                    return text.contains(expected) ? null : "answered 200 without '" + expected + "'";
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return e.toString();
        }
    }
}
