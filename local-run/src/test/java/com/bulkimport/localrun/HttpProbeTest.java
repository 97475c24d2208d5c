package com.bulkimport.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The compose file's health check: healthy on 200 (with the expected text), unhealthy otherwise, saying why. */
class HttpProbeTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldBeHealthyWhenTheUrlAnswers200WithTheExpectedText() {
        assertThat(HttpProbe.probe(base + "/up", null)).isNull();
        assertThat(HttpProbe.probe(base + "/up", "UP")).isNull();
    }

    @Test
    void shouldBeUnhealthyAndSayWhyOtherwise() {
        assertThat(HttpProbe.probe(base + "/down", null)).isEqualTo("answered 503");
        assertThat(HttpProbe.probe(base + "/up", "DOWN")).isEqualTo("answered 200 without 'DOWN'");
        server.stop(0);
        assertThat(HttpProbe.probe(base + "/up", null)).contains("ConnectException");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
