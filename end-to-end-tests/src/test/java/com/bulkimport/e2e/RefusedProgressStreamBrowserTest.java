package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.e2e.browser.Browser;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.bulkimport.testing.IngestApi;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The page when the server refuses its progress streams, as an ingest instance does when it has
 * {@code bulkimport.progress.max-streams} open already, or while its view is starting (503): the
 * browser does not retry a refused stream by itself, so the page reads the import's status and
 * tries the stream again, and the administrator still sees the import through to its results. Here
 * every stream is refused ({@code max-streams} 0), in a real browser against the real services.
 */
@EmbeddedPipelineKafka
class RefusedProgressStreamBrowserTest {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static final int ROWS = 400;

    private static Pipeline pipeline;
    private static IngestApi admin;

    @BeforeAll
    static void startThePipeline(EmbeddedKafkaBroker broker) throws Exception {
        Browser.requireChromium();
        pipeline = new Pipeline(broker.getBrokersAsString(), mail.getSmtp().getPort(),
                Files.createTempDirectory("refused-streams-state"), Map.of("bulkimport.progress.max-streams", 0));
        admin = new IngestApi(pipeline.api(), "demo-admin", "demo-admin");
        admin.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldFollowAnImportToItsResultsWhenItsProgressStreamIsRefused() throws Exception {
        // Given a file of 400 users: its import outlasts the page's first look at it
        StringBuilder csv = new StringBuilder("Display Name (Mandatory),Email Address (Mandatory),Subscription License Type\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("User ").append(i).append(",user").append(i).append("@demo.example,Essentials\n");
        }
        Path file = Files.writeString(Files.createTempDirectory("refused-streams-files").resolve("users.csv"), csv,
                StandardCharsets.UTF_8);
        try (Browser browser = Browser.desktop()) {
            browser.open(pipeline.api() + "/");
            browser.waitFor(By.id("username")).sendKeys("demo-admin", Keys.TAB, "demo-admin", Keys.ENTER);
            browser.waitForText(By.id("signed-in-as"), "demo-admin");

            // When its import is started from the page
            browser.driver().findElement(By.id("file")).sendKeys(file.toString());
            browser.waitForText(By.id("file-ok"), ROWS + " user rows");
            browser.driver().findElement(By.id("start-import")).click();

            // Then the page follows it to its end and shows its results
            browser.awaitImportStatus("COMPLETED", Duration.ofSeconds(90));
            browser.waitForText(By.id("completed-summary"), ROWS + " users created, 0 not created");
            assertThat(browser.driver().findElement(By.id("progress")).getAttribute("value")).isEqualTo(String.valueOf(ROWS));
            browser.assertAccessible("followed without its progress stream");

            // without the import's progress stream: the server refuses it
            String url = browser.driver().getCurrentUrl();
            String importId = url.substring(url.lastIndexOf('/') + 1);
            HttpResponse<String> stream = admin.get("/api/accounts/demo/imports/" + importId + "/progress");
            assertThat(stream.statusCode()).as("the progress stream of %s: %s", url, stream.body()).isEqualTo(503);
        }
    }
}
