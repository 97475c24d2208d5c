package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import com.bulkimport.e2e.browser.Browser;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.ImportSubmission;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.Topics;
import com.bulkimport.testing.KafkaTestSupport;
import com.bulkimport.testing.IngestApi;
import com.bulkimport.testing.EmbeddedPipelineKafka;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The administrator's page in a real browser (headless Chromium) against the four services, as an
 * administrator uses it: sign in, the wizard's four steps, live progress, results and exports, a
 * file with errors fixed and uploaded again, a licence shortage, leaving and coming back during an
 * import, keyboard only and a narrow window. Every step is checked with axe-core (no serious or
 * critical violation) and photographed into {@code docs/screenshots/}.
 */
@EmbeddedPipelineKafka
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdministratorPageBrowserTest {

    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(90);
    private static final String HEADER = "Display Name (Mandatory),Email Address (Mandatory),Subscription License Type,"
            + "Primary Phone Number (Optional)";

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static Pipeline pipeline;
    private static Path files;
    private static String bootstrapServers;

    @BeforeAll
    static void startThePipeline(EmbeddedKafkaBroker broker) throws Exception {
        Browser.requireChromium();
        bootstrapServers = broker.getBrokersAsString();
        pipeline = new Pipeline(broker.getBrokersAsString(), mail.getSmtp().getPort(), Files.createTempDirectory("page-state"));
        IngestApi admin = new IngestApi(pipeline.api(), "demo-admin", "demo-admin");
        admin.awaitOk("/api/accounts/demo/template", Duration.ofSeconds(60));
        admin.awaitOk("/api/accounts/demo-small/template", Duration.ofSeconds(60));
        files = Files.createTempDirectory("page-files");
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void shouldImportAFileFromSignInToResultsAndExports() throws Exception {
        try (Browser browser = Browser.desktop()) {
            // Given the sign-in page, reached by opening the page
            browser.open(pipeline.api() + "/");
            browser.waitFor(By.id("username"));
            browser.assertAccessible("sign in");
            browser.screenshot("01-sign-in");

            // When the administrator signs in with the keyboard only
            browser.driver().findElement(By.id("username")).sendKeys("demo-admin", Keys.TAB, "demo-admin", Keys.ENTER);

            // Then the wizard opens on a chooser of the two granted accounts
            browser.waitForText(By.id("signed-in-as"), "demo-admin");
            Select account = new Select(browser.waitFor(By.id("account")));
            assertThat(account.getOptions()).extracting(WebElement::getText).containsExactly("demo", "demo-small");
            assertThat(account.getFirstSelectedOption().getText()).isEqualTo("demo");
            assertThat(browser.driver().findElement(By.id("services-notice")).isDisplayed()).isFalse();
            browser.assertAccessible("wizard");
            browser.screenshot("02-wizard");

            // When the template is downloaded with one click
            browser.driver().findElement(By.id("download-template")).click();
            Path template = browser.awaitDownload("user-import-template-demo.csv", Duration.ofSeconds(15));
            String header = Files.readString(template, StandardCharsets.UTF_8);
            assertThat(header).startsWith("Display Name (Mandatory),Email Address (Mandatory)")
                    .contains("Cloud Extension (Optional)", "SIP Tie Trunk Name (Optional)");

            // and a file of three users is chosen: its name, size and the file checks show at once
            Path users = write("three-users.csv", HEADER + "\n"
                    + "Ann Lee,ann.lee@demo.example,Essentials,+44 20 7946 0101\n"
                    + "Bob Ray,bob.ray@demo.example,Advanced,+44 20 7946 0102\n"
                    + "Cy Fox,cy.fox@demo.example,Essentials,+44 20 7946 0103\n");
            browser.driver().findElement(By.id("file")).sendKeys(users.toString());
            browser.waitForText(By.id("file-ok"), "3 user rows");
            assertThat(browser.driver().findElement(By.id("file-name")).getText()).isEqualTo("three-users.csv");
            assertThat(browser.driver().findElement(By.id("file-size")).getText()).endsWith("bytes");

            // and the passwords go to one address, first mistyped: the page says so before anything is sent
            browser.driver().findElement(By.id("delivery-specified-address")).click();
            WebElement address = browser.driver().findElement(By.id("password-address"));
            address.sendKeys("it.admin@");
            browser.driver().findElement(By.id("start-import")).click();
            browser.waitForText(By.id("password-address-error"), "valid email address");
            assertThat(address.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.driver().switchTo().activeElement()).isEqualTo(address);
            browser.assertAccessible("password address error");
            address.sendKeys("demo.example");
            browser.screenshot("03-ready-to-start");

            // When the import is started
            browser.driver().findElement(By.id("start-import")).click();

            // Then its progress is followed live until COMPLETED, with the users created
            browser.awaitImportStatus("COMPLETED", IMPORT_TIMEOUT);
            browser.waitForText(By.id("completed-summary"), "3 users created, 0 not created");
            WebElement created = browser.waitFor(By.id("users-table"));
            assertThat(created.findElements(By.cssSelector("tbody tr"))).hasSize(3);
            assertThat(created.getText()).contains("ann.lee@demo.example", "+442079460101", "Main Company Address");
            assertThat(browser.driver().findElement(By.cssSelector("#counts [data-count=created] strong")).getText()).isEqualTo("3");
            // and the emails (three passwords to one address, three welcomes) are counted as they go out
            browser.waitForText(By.id("emails-sent"), "6", Duration.ofSeconds(30));
            assertThat(browser.driver().findElement(By.tagName("body")).getText()).doesNotContainIgnoringCase("temporary password:");
            browser.assertAccessible("completed");
            browser.screenshot("04-completed");

            // and the list of users not created is exported (the header only: every row was created)
            browser.driver().findElement(By.id("export-not-created")).click();
            Path notCreated = browser.awaitDownload("not-created-", Duration.ofSeconds(15));
            assertThat(Files.readAllLines(notCreated, StandardCharsets.UTF_8)).hasSize(1)
                    .first().asString().contains("Import Errors");

            // and the import heads the account's imports
            WebElement first = browser.driver().findElement(By.cssSelector("#imports tbody tr"));
            assertThat(first.getText()).contains("three-users.csv", "Completed");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    @Order(2)
    void shouldShowFileAndRowErrorsThenAcceptTheFixedFile() throws Exception {
        try (Browser browser = signedIn("demo-admin")) {
            // Given a file whose header is misspelt: the file checks name the line, the column and a suggestion at once
            Path misspelt = write("misspelt.csv", "Display Name (Mandatory),Emial Address (Mandatory)\nDee,dee@demo.example\n");
            browser.driver().findElement(By.id("file")).sendKeys(misspelt.toString());
            WebElement fileErrors = browser.waitFor(By.id("file-errors"));
            assertThat(fileErrors.getText()).contains("Emial Address (Mandatory)", "Email Address (Mandatory)");
            browser.assertAccessible("file check errors");
            browser.screenshot("05-file-check-errors");
            // and the import cannot start with it
            browser.driver().findElement(By.id("start-import")).click();
            browser.waitForText(By.id("start-error"), "passes the file checks");
            // (the browser logs the refused check's 400 as a console error: expected here, so read and dropped)
            browser.consoleLog();

            // When a file with row errors is uploaded and started
            Path withErrors = write("with-errors.csv", HEADER + ",Extension (Optional),Voice Location (Optional)\n"
                    + "Dee Park,dee.park@demo.example,Essentials,,,Londn Office\n"
                    + "Eve Moss,not-an-email,Essentials,,100,\n"
                    + "Fay Wu,fay.wu@demo.example,Essentials,,,\n");
            browser.driver().findElement(By.id("file")).sendKeys(withErrors.toString());
            browser.waitForText(By.id("file-ok"), "3 user rows");
            browser.driver().findElement(By.id("start-import")).click();

            // Then validation fails and every error shows with row, column, value, reason and suggestion
            browser.awaitImportStatus("VALIDATION_FAILED", IMPORT_TIMEOUT);
            WebElement errors = browser.waitFor(By.id("errors-table"));
            List<String> rows = errors.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText).toList();
            assertThat(rows).hasSize(3);
            assertThat(errors.getText()).contains("Londn Office", "London Office", "not-an-email", "100");
            browser.assertAccessible("validation failed");
            browser.screenshot("06-validation-failed");

            // When the errors are exported: the failed rows in the template's format, with the reasons
            browser.driver().findElement(By.id("export-errors")).click();
            Path export = browser.awaitDownload("errors-", Duration.ofSeconds(15));
            String exported = Files.readString(export, StandardCharsets.UTF_8);
            assertThat(exported).contains("Import Errors", "Londn Office", "not-an-email").doesNotContain("Fay Wu");

            // and the administrator fixes the file and uploads it again
            browser.driver().findElement(By.id("fix-and-upload")).click();
            Path fixed = write("fixed.csv", HEADER + ",Extension (Optional),Voice Location (Optional)\n"
                    + "Dee Park,dee.park@demo.example,Essentials,,,London Office\n"
                    + "Eve Moss,eve.moss@demo.example,Essentials,,,\n"
                    + "Fay Wu,fay.wu@demo.example,Essentials,,,\n");
            browser.waitFor(By.id("file")).sendKeys(fixed.toString());
            browser.waitForText(By.id("file-ok"), "3 user rows");
            browser.driver().findElement(By.id("delivery-none")).click();
            browser.driver().findElement(By.id("start-import")).click();

            // Then it completes
            browser.awaitImportStatus("COMPLETED", IMPORT_TIMEOUT);
            browser.waitForText(By.id("completed-summary"), "3 users created");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    @Order(3)
    void shouldExplainALicenceShortageOnASingleAccount() throws Exception {
        // Given the administrator of demo-small only (5 Essentials licences, MEET and SHARE not installed)
        try (Browser browser = signedIn("small-admin")) {
            // Then no chooser: the one account is chosen, and the missing services are noticed
            browser.waitForText(By.id("account-name"), "demo-small");
            assertThat(browser.driver().findElement(By.id("account-chooser")).isDisplayed()).isFalse();
            browser.waitForText(By.id("services-notice"), "MEET, SHARE");

            // When six users are imported
            Path six = write("six.csv", HEADER + "\n" + IntStream.rangeClosed(1, 6)
                    .mapToObj(i -> "User " + i + ",user" + i + "@small.example,,")
                    .collect(Collectors.joining("\n")) + "\n");
            browser.driver().findElement(By.id("file")).sendKeys(six.toString());
            browser.waitForText(By.id("file-ok"), "6 user rows");
            browser.driver().findElement(By.id("start-import")).click();

            // Then the shortfall per licence type is shown with what to do, and nothing was created
            browser.awaitImportStatus("NOT_ENOUGH_LICENSES", IMPORT_TIMEOUT);
            WebElement shortfall = browser.waitFor(By.id("shortfall-table"));
            assertThat(shortfall.findElement(By.cssSelector("tbody tr")).getText()).isEqualTo("Essentials 6 5 1");
            assertThat(browser.driver().findElement(By.id("result")).getText()).contains("Add subscriptions");
            assertThat(browser.driver().findElement(By.id("import-notes")).getText()).contains("MEET, SHARE");
            browser.assertAccessible("not enough licences");
            browser.screenshot("07-not-enough-licences");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    @Order(4)
    void shouldResumeARunningImportAfterLeavingAndComingBack() throws Exception {
        try (Browser browser = signedIn("demo-admin")) {
            // Given a large import started
            Path large = write("large.csv", HEADER + "\n" + IntStream.rangeClosed(1, 600)
                    .mapToObj(i -> "Person " + i + ",person" + i + "@demo.example,Essentials,")
                    .collect(Collectors.joining("\n")) + "\n");
            browser.driver().findElement(By.id("file")).sendKeys(large.toString());
            browser.waitForText(By.id("file-ok"), "600 user rows", Duration.ofSeconds(20));
            browser.driver().findElement(By.id("delivery-none")).click();
            browser.driver().findElement(By.id("start-import")).click();
            browser.waitFor(By.id("import-status"));
            String importUrl = browser.driver().getCurrentUrl();
            String importId = importUrl.substring(importUrl.lastIndexOf('/') + 1);

            // When the administrator leaves (a new page load) and comes back through the account's imports
            browser.open(pipeline.api() + "/");
            WebElement row = browser.waitFor(By.cssSelector("#imports tbody tr[data-import-id='" + importId + "']"));
            String statusWhenBack = row.findElement(By.cssSelector(".badge")).getAttribute("data-status");
            browser.screenshot("08-imports-list");
            row.findElement(By.cssSelector("a.open-import")).click();

            // Then the import's progress resumes from the stream and reaches COMPLETED
            WebElement status = browser.waitFor(By.id("import-status"));
            assertThat(List.of("VALIDATING", "IN_PROGRESS", "COMPLETED")).contains(statusWhenBack);
            if (!"COMPLETED".equals(status.getAttribute("data-status"))) {
                browser.assertAccessible("in progress");
            }
            browser.screenshot("09-resumed-import");
            browser.awaitImportStatus("COMPLETED", IMPORT_TIMEOUT);
            browser.waitForText(By.id("completed-summary"), "600 users created");
            WebElement progress = browser.driver().findElement(By.id("progress"));
            assertThat(progress.getAttribute("value")).isEqualTo(progress.getAttribute("max"));
            // and the users are paged
            browser.waitForText(By.id("users-table-page"), "Page 1 of 12");
            browser.driver().findElement(By.id("users-table-next")).click();
            browser.waitForText(By.id("users-table-page"), "Page 2 of 12");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    @Order(5)
    void shouldBeUsableInANarrowWindow() throws Exception {
        try (Browser browser = Browser.narrow()) {
            browser.open(pipeline.api() + "/");
            browser.waitFor(By.id("username")).sendKeys("demo-admin", Keys.TAB, "demo-admin", Keys.ENTER);
            browser.waitFor(By.id("wizard"));
            // Nothing wider than the window but the tables, which scroll on their own
            Object overflow = browser.driver().executeScript("return document.documentElement.scrollWidth > window.innerWidth");
            assertThat(overflow).isEqualTo(false);
            browser.assertAccessible("narrow wizard");
            browser.screenshot("10-narrow");
        }
    }

    @Test
    @Order(6)
    void shouldShowAnImportRefusedBecauseAnotherOfTheAccountWasRunning() throws Exception {
        // Given two imports of demo-small accepted at once by two ingest instances, published straight
        // to Kafka past the page's 409, back to back (one transaction, so that validation reads both
        // before provisioning could end the first): the pipeline runs the first and refuses the second
        String first = "first-" + java.util.UUID.randomUUID();
        String second = "second-" + java.util.UUID.randomUUID();
        List<ImportSubmission> both = new java.util.ArrayList<>();
        for (String importId : List.of(first, second)) {
            both.add(new ImportSubmission.ImportRequested(importId, "demo-small", "small-admin", importId + ".csv", 1,
                    List.of(TemplateColumn.DISPLAY_NAME.header(), TemplateColumn.EMAIL.header()),
                    ImportOptions.defaults(), List.of(), java.time.Instant.now()));
            both.add(new ImportSubmission.RowSubmitted(importId, "demo-small", 2, java.util.Map.of(
                    TemplateColumn.DISPLAY_NAME.header(), "Uma Vale", TemplateColumn.EMAIL.header(),
                    "uma.vale@small.example")));
        }
        new KafkaTestSupport(bootstrapServers).sendInOneTransaction(Topics.IMPORT_SUBMISSIONS, both,
                ImportSubmission::accountId);

        try (Browser browser = signedIn("small-admin")) {
            // When the administrator opens the second
            browser.open(pipeline.api() + "/#/accounts/demo-small/imports/" + second);

            // Then the page says it was refused, naming the running import, with a way to it and to upload again
            browser.awaitImportStatus("REJECTED_IMPORT_RUNNING", IMPORT_TIMEOUT);
            WebElement refusal = browser.waitFor(By.id("refusal"));
            assertThat(refusal.getText()).contains("Import " + first + " of this account was still running")
                    .contains("nothing was created");
            assertThat(browser.driver().findElement(By.id("import-status")).getText())
                    .isEqualTo("Refused: another import running");
            assertThat(browser.driver().findElement(By.id("running-import")).getAttribute("href"))
                    .endsWith("#/accounts/demo-small/imports/" + first);
            browser.assertAccessible("refused, another import running");
            browser.screenshot("11-refused-import-running");
            browser.assertNoConsoleErrors();
        }
    }

    /** A browser signed in through the form, on the wizard. */
    private static Browser signedIn(String administrator) {
        Browser browser = Browser.desktop();
        try {
            browser.open(pipeline.api() + "/login");
            browser.waitFor(By.id("username")).sendKeys(administrator);
            browser.driver().findElement(By.id("password")).sendKeys(administrator);
            browser.driver().findElement(By.id("sign-in")).click();
            browser.waitForText(By.id("signed-in-as"), administrator);
            browser.waitFor(By.id("wizard"));
            return browser;
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }
}
