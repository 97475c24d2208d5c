package com.bulkimport.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.opentest4j.AssertionFailedError;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The browser harness on its own, against a tiny page served from this JVM: no service needed. It
 * proves what the page tests rely on: Chromium starts headless, screenshots are written, the
 * accessibility check passes a good page and fails a bad one, console errors are seen, downloads
 * land in the download folder.
 */
class BrowserHarnessTest {

    private static final String CSV = "Display Name (Mandatory),Email Address (Mandatory)\nAnn Lee,ann.lee@demo.example\n";

    private static final String GOOD_PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Import users</title>
              <link rel="icon" href="data:,">
              <script src="/app.js" defer></script>
            </head>
            <body>
              <main>
                <h1>Import users</h1>
                <p id="status">Waiting for the script</p>
                <form>
                  <label for="file">CSV file</label>
                  <input id="file" name="file" type="file" accept=".csv">
                  <button type="submit">Upload</button>
                </form>
                <p><a id="template" download href="/file.csv">Download the template</a></p>
              </main>
            </body>
            </html>
            """;

    /** Known serious and critical violations: an image without text, a field without a label. */
    private static final String INACCESSIBLE_PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Broken</title><link rel="icon" href="data:,"></head>
            <body>
              <main>
                <h1>Broken</h1>
                <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
                <input type="text" name="nameless">
              </main>
            </body>
            </html>
            """;

    /** An inline script, which the Content-Security-Policy refuses: a console error. */
    private static final String INLINE_SCRIPT_PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Inline</title><link rel="icon" href="data:,"></head>
            <body><main><h1>Inline</h1><script>document.title = 'ran';</script></main></body>
            </html>
            """;

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serveThePages() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> respond(exchange, "text/html; charset=utf-8", GOOD_PAGE);
                case "/inaccessible" -> respond(exchange, "text/html; charset=utf-8", INACCESSIBLE_PAGE);
                case "/inline-script" -> respond(exchange, "text/html; charset=utf-8", INLINE_SCRIPT_PAGE);
                case "/app.js" -> respond(exchange, "text/javascript",
                        "document.getElementById('status').textContent = 'Script ran';");
                case "/file.csv" -> respond(exchange, "text/csv; charset=utf-8", CSV);
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Content-Security-Policy", "script-src 'self'");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldShowAnAccessiblePageAndTakeItsScreenshot(@TempDir Path screenshots) throws IOException {
        try (Browser browser = Browser.desktop()) {
            // When: the page opens and its (same-origin) script runs under the CSP
            browser.open(base + "/");
            browser.waitForText(By.id("status"), "Script ran", Duration.ofSeconds(10));

            // Then: a PNG of the window, no serious violation, no console error
            Path shot = browser.screenshot("harness-desktop", screenshots);
            byte[] png = Files.readAllBytes(shot);
            assertThat(shot).isEqualTo(screenshots.resolve("harness-desktop.png"));
            assertThat(Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            browser.assertAccessible("the good page");
            browser.assertNoConsoleErrors();
            assertThat(browser.driver().executeScript("return [window.innerWidth, window.innerHeight]"))
                    .asList().containsExactly(1280L, 900L);
        }
    }

    @Test
    void shouldFailTheAccessibilityCheckOnSeriousViolations() {
        try (Browser browser = Browser.desktop()) {
            browser.open(base + "/inaccessible");

            AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                    () -> browser.assertAccessible("the broken page"));

            assertThat(failure.getMessage())
                    .contains("Accessibility (the broken page)")
                    .contains("image-alt (critical)")
                    .contains("<img src=\"data:image/gif")
                    .contains("label (critical)")
                    .contains("at [input]: <input type=\"text\" name=\"nameless\">");
        }
    }

    @Test
    void shouldReportConsoleErrorsSuchAsAContentSecurityPolicyRefusal() {
        try (Browser browser = Browser.desktop()) {
            browser.open(base + "/inline-script");

            AssertionFailedError failure = assertThrows(AssertionFailedError.class, browser::assertNoConsoleErrors);

            assertThat(failure.getMessage()).contains("Content Security Policy");
            assertThat(browser.driver().getTitle()).isEqualTo("Inline");
        }
    }

    @Test
    void shouldSaveADownloadInItsDownloadFolder() throws IOException {
        try (Browser browser = Browser.desktop()) {
            browser.open(base + "/");

            browser.waitFor(By.id("template")).click();
            Path file = browser.awaitDownload(".csv", Duration.ofSeconds(15));

            assertThat(file.getParent()).isEqualTo(browser.downloadDir());
            assertThat(file.getFileName()).hasToString("file.csv");
            assertThat(Files.readString(file)).isEqualTo(CSV);
        }
    }

    @Test
    void shouldOpenANarrowWindow(@TempDir Path screenshots) {
        try (Browser browser = Browser.narrow()) {
            browser.open(base + "/");

            assertThat(browser.driver().executeScript("return [window.innerWidth, window.innerHeight]"))
                    .asList().containsExactly(390L, 844L);
            assertThat(browser.screenshot("harness-narrow", screenshots)).isRegularFile();
        }
    }

    @Test
    void shouldFindTheRepositoryRootAboveTheModule() throws IOException {
        Path root = Browser.repositoryRoot();

        assertThat(root.resolve("end-to-end-tests/pom.xml")).isRegularFile();
        assertThat(Files.readString(root.resolve("pom.xml"))).contains("<module>end-to-end-tests</module>");
    }
}
