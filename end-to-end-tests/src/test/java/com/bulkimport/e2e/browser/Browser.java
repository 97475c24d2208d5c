package com.bulkimport.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * One headless Chromium for one test: the page tests' way to open the product, wait for it, look at
 * it (screenshots), check it (axe-core, console errors) and take its downloads.
 *
 * <p>It drives Debian's {@code chromium} and {@code chromium-driver} (or the executables named by
 * {@code CHROMIUM_BIN} and {@code CHROMEDRIVER_BIN}), always by their paths, so Selenium Manager is
 * never asked to download a browser. Where either is missing the calling test is <em>aborted</em>
 * with a message saying what to install; under {@code CI=true} or {@code BROWSER_TESTS_REQUIRED=true}
 * it fails instead, so CI can never pass without having run the browser tests.
 *
 * <pre>{@code
 * try (Browser browser = Browser.desktop()) {
 *     browser.open("http://127.0.0.1:" + port + "/");
 *     browser.waitForText(By.tagName("h1"), "Import users", Duration.ofSeconds(10));
 *     browser.assertAccessible("upload page");
 *     browser.screenshot("upload-page");               // docs/screenshots/upload-page.png
 * }
 * }</pre>
 *
 * Each browser has its own new profile and download folder in a temporary directory, deleted on
 * {@link #close()}.
 */
public final class Browser implements AutoCloseable {

    /** A desktop window, the default. */
    public static final WindowSize DESKTOP = new WindowSize(1280, 900, false);
    /** A phone's screen (an iPhone 12–15 viewport), emulated: mobile viewport, touch. */
    public static final WindowSize NARROW = new WindowSize(390, 844, true);

    /** The default wait of {@link #waitFor(By)} and {@link #waitForText(By, String)}. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    /** The statuses an import ends in, as the page shows them ({@code data-status}). */
    private static final List<String> FINAL_STATUSES = List.of("COMPLETED", "VALIDATION_FAILED", "NOT_ENOUGH_LICENSES",
            "VALIDATED", "REJECTED_IMPORT_RUNNING");

    private static final String INSTALL_HINT =
            "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does it),"
                    + " or name the executables in CHROMIUM_BIN and CHROMEDRIVER_BIN";
    private static final int SNIPPET_LENGTH = 160;
    private static final int NODES_SHOWN_PER_RULE = 5;
    // Selenium looks for its DevTools bindings of the browser's version at every start and warns
    // when it has none: this harness needs none (it never uses Selenium's DevTools API). Held here
    // because java.util.logging forgets the level of a logger nobody references.
    private static final Logger CDP_VERSION_WARNINGS = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final Path tempDir;
    private final Path downloadDir;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    /**
     * The size of the page's viewport (what the page sees as {@code window.innerWidth} and
     * {@code innerHeight}, and what a screenshot shows), in CSS pixels. A {@code phone} is emulated
     * (Chromium's mobile emulation: mobile viewport, touch), which is also the only way below 500
     * pixels wide: headless Chromium makes no window narrower than that.
     */
    public record WindowSize(int width, int height, boolean phone) {
    }

    private static Logger quiet(String loggerName) {
        Logger logger = Logger.getLogger(loggerName);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** A desktop-sized browser (1280x900). */
    public static Browser desktop() {
        return start(DESKTOP);
    }

    /** A phone-sized browser (390x844), for the narrow layout. */
    public static Browser narrow() {
        return start(NARROW);
    }

    /**
     * Starts headless Chromium with the given window size, or aborts the calling test (fails it under
     * CI) when Chromium or chromedriver is not installed.
     */
    /**
     * Aborts the calling test (fails it under CI) when Chromium or chromedriver is not installed:
     * for a test class to call before it starts anything costly.
     */
    public static void requireChromium() {
        Executables.find();
    }

    public static Browser start(WindowSize size) {
        Executables executables = Executables.find();
        return new Browser(executables, size);
    }

    private Browser(Executables executables, WindowSize size) {
        try {
            tempDir = Files.createTempDirectory("browser-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            downloadDir = Files.createDirectory(tempDir.resolve("downloads"));
            Path profileDir = Files.createDirectory(tempDir.resolve("profile"));
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(executables.chromedriver().toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options(executables.chromium(), size, profileDir, downloadDir));
        } catch (IOException e) {
            deleteQuietly(tempDir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(tempDir);
            throw e;
        }
        if (!size.phone()) {
            try {
                fitViewport(size);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /**
     * Makes the page's viewport, not the window, the asked size: headless Chromium still draws (and
     * subtracts) a browser frame, so a 1280x900 window shows a 1280x757 page.
     */
    private void fitViewport(WindowSize size) {
        @SuppressWarnings("unchecked")
        List<Number> frame = (List<Number>) driver.executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]");
        driver.manage().window().setSize(new Dimension(
                size.width() + frame.get(0).intValue(), size.height() + frame.get(1).intValue()));
    }

    private static ChromeOptions options(Path chromium, WindowSize size, Path profileDir, Path downloadDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root, where Chromium's sandbox cannot start
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=" + size.width() + "," + size.height(),
                "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--no-first-run",
                "--no-default-browser-check",
                // On a closed network Chromium's own background connections (updates, sync, safe
                // browsing lists) are refused many at a time and slow everything down.
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions");
        // Enough for headless=new to save downloads there without asking (checked with Chromium 156;
        // the DevTools command Browser.setDownloadBehavior was not needed).
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloadDir.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("download.directory_upgrade", true);
        prefs.put("safebrowsing.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        if (size.phone()) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                    "width", size.width(), "height", size.height(), "pixelRatio", 1.0, "touch", true, "mobile", true)));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return options;
    }

    /** The WebDriver, for whatever the helpers here do not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Opens the address and returns when the page has loaded. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /** The folder downloads land in. */
    public Path downloadDir() {
        return downloadDir;
    }

    /** The first element found by {@code by} once it is visible, waiting up to {@link #DEFAULT_WAIT}. */
    public WebElement waitFor(By by) {
        return waitFor(by, DEFAULT_WAIT);
    }

    /** The first element found by {@code by} once it is visible, waiting up to {@code timeout}. */
    public WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits up to {@link #DEFAULT_WAIT} until the element found by {@code by} contains {@code text}. */
    public WebElement waitForText(By by, String text) {
        return waitForText(by, text, DEFAULT_WAIT);
    }

    /** Waits up to {@code timeout} until the element found by {@code by} is visible and contains {@code text}. */
    public WebElement waitForText(By by, String text, Duration timeout) {
        new WebDriverWait(driver, timeout)
                .withMessage(() -> "text \"" + text + "\" in " + by + "; it shows: " + textOf(by))
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return waitFor(by, timeout);
    }

    /**
     * Waits up to {@code timeout} until the import the page shows has the final status
     * {@code expected}; any other final status fails at once, with what the page says.
     */
    public void awaitImportStatus(String expected, Duration timeout) {
        new WebDriverWait(driver, timeout)
                .withMessage(() -> "status " + expected + "; the page shows "
                        + driver.findElement(By.id("import-status")).getAttribute("data-status"))
                .until(d -> {
                    if (!d.findElement(By.id("import")).isDisplayed()) {
                        return false;
                    }
                    String shown = d.findElement(By.id("import-status")).getAttribute("data-status");
                    if (FINAL_STATUSES.contains(shown) && !shown.equals(expected)) {
                        throw new AssertionError("The import ended " + shown + ", not " + expected + ": "
                                + d.findElement(By.id("import")).getText());
                    }
                    return expected.equals(shown);
                });
    }

    private String textOf(By by) {
        try {
            return "\"" + driver.findElement(by).getText() + "\"";
        } catch (RuntimeException e) {
            return "(no such element)";
        }
    }

    /**
     * Saves the window as {@code docs/screenshots/<name>.png} in the repository, the pictures the
     * README shows. Returns the file.
     */
    public Path screenshot(String name) {
        return screenshot(name, repositoryRoot().resolve("docs").resolve("screenshots"));
    }

    /** Saves the window as {@code <folder>/<name>.png}, creating the folder. Returns the file. */
    public Path screenshot(String name, Path folder) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot.toPath());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks the page as it is now with axe-core: fails with every {@code serious} or
     * {@code critical} violation (rule, impact, help, the offending elements); prints the lesser
     * ones. {@code step} names the page or state in the messages ("upload page, file refused").
     */
    public Results assertAccessible(String step) {
        Results results = new AxeBuilder().analyze(driver);
        if (results.isErrored()) {
            Assertions.fail("axe-core could not check " + step + ": " + results.getErrorMessage());
        }
        List<Rule> blocking = new ArrayList<>();
        List<Rule> lesser = new ArrayList<>();
        for (Rule violation : results.getViolations()) {
            String impact = String.valueOf(violation.getImpact());
            (impact.equals("serious") || impact.equals("critical") ? blocking : lesser).add(violation);
        }
        if (!lesser.isEmpty()) {
            System.out.println("Accessibility (" + step + "), minor or moderate, not failing:\n" + describe(lesser));
        }
        if (!blocking.isEmpty()) {
            Assertions.fail("Accessibility (" + step + ") at " + driver.getCurrentUrl() + ": "
                    + blocking.size() + " serious or critical violation(s)\n" + describe(blocking));
        }
        return results;
    }

    private static String describe(List<Rule> violations) {
        StringBuilder text = new StringBuilder();
        for (Rule rule : violations) {
            text.append("- ").append(rule.getId()).append(" (").append(rule.getImpact()).append("): ")
                    .append(rule.getHelp()).append(" <").append(rule.getHelpUrl()).append(">\n");
            List<CheckedNode> nodes = rule.getNodes() == null ? List.of() : rule.getNodes();
            nodes.stream().limit(NODES_SHOWN_PER_RULE).forEach(node -> text.append("    at ")
                    .append(node.getTarget()).append(": ").append(truncate(node.getHtml())).append('\n'));
            if (nodes.size() > NODES_SHOWN_PER_RULE) {
                text.append("    … and ").append(nodes.size() - NODES_SHOWN_PER_RULE).append(" more\n");
            }
        }
        return text.toString();
    }

    private static String truncate(String html) {
        if (html == null) {
            return "";
        }
        String oneLine = html.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= SNIPPET_LENGTH ? oneLine : oneLine.substring(0, SNIPPET_LENGTH) + "…";
    }

    /**
     * The browser console's entries since the last call (reading empties Chromium's buffer):
     * {@code console.*} calls, uncaught errors, failed loads and Content-Security-Policy refusals.
     */
    public List<LogEntry> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /**
     * Fails when the console has had a {@code SEVERE} entry since the last read: an uncaught script
     * error, a {@code console.error}, a failed request or a Content-Security-Policy refusal.
     */
    public void assertNoConsoleErrors() {
        List<LogEntry> severe = consoleLog().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                // The browser asks every site for /favicon.ico by itself; the page did not.
                .filter(entry -> !entry.getMessage().contains("/favicon.ico - Failed to load resource"))
                .toList();
        if (!severe.isEmpty()) {
            Assertions.fail("Browser console errors at " + driver.getCurrentUrl() + ":\n" + severe.stream()
                    .map(entry -> "- " + entry.getMessage()).collect(Collectors.joining("\n")));
        }
    }

    /**
     * Waits for a completed download whose file name starts or ends with {@code nameStartOrEnd}
     * ({@code "errors"}, {@code ".csv"}) and returns its path. Chromium writes a download as
     * {@code *.crdownload} and renames it when complete; this waits until no download is in progress
     * and the file's size has stopped changing.
     */
    public Path awaitDownload(String nameStartOrEnd, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastSize = -1;
        while (true) {
            List<Path> files = downloads();
            boolean inProgress = files.stream().anyMatch(Browser::isPartial);
            Optional<Path> match = files.stream()
                    .filter(file -> !isPartial(file))
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith(nameStartOrEnd) || name.endsWith(nameStartOrEnd);
                    })
                    .findFirst();
            if (match.isPresent() && !inProgress) {
                long size = sizeOf(match.get());
                if (size == lastSize) {
                    return match.get();
                }
                lastSize = size;
            }
            if (System.nanoTime() > deadline) {
                Assertions.fail("No download named \"" + nameStartOrEnd + "…\" or \"…" + nameStartOrEnd
                        + "\" completed within " + timeout + "; the download folder holds " + files.stream()
                        .map(file -> file.getFileName().toString()).toList());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private List<Path> downloads() {
        try (Stream<Path> files = Files.list(downloadDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPartial(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".crdownload") || name.startsWith(".com.google.Chrome.");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1; // renamed or removed meanwhile: look again
        }
    }

    /** Quits the browser and chromedriver and deletes the profile and downloads. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println("Could not quit Chromium cleanly: " + e);
        } finally {
            service.stop();
            deleteQuietly(tempDir);
        }
    }

    /**
     * The repository's root: the nearest folder above the working directory (Maven runs a module's
     * tests in the module's folder) that holds {@code .git}, else the highest one whose
     * {@code pom.xml} lists {@code <modules>}.
     */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        Path aggregator = null;
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
            if (listsModules(dir.resolve("pom.xml"))) {
                aggregator = dir;
            }
        }
        if (aggregator == null) {
            throw new IllegalStateException("No repository root (a folder with .git, or a pom.xml with <modules>) above " + start);
        }
        return aggregator;
    }

    private static boolean listsModules(Path pom) {
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }

    /** Where Chromium and chromedriver are, or why the test cannot run. */
    private record Executables(Path chromium, Path chromedriver) {

        static Executables find() {
            Optional<Path> chromium = locate("CHROMIUM_BIN", Path.of("/usr/bin/chromium"), "chromium", "chromium-browser");
            Optional<Path> chromedriver = locate("CHROMEDRIVER_BIN", Path.of("/usr/bin/chromedriver"), "chromedriver");
            List<String> missing = new ArrayList<>();
            if (chromium.isEmpty()) {
                missing.add("Chromium not installed: " + explain("CHROMIUM_BIN", "/usr/bin/chromium", "chromium"));
            }
            if (chromedriver.isEmpty()) {
                missing.add("chromedriver not installed: " + explain("CHROMEDRIVER_BIN", "/usr/bin/chromedriver", "chromedriver"));
            }
            if (!missing.isEmpty()) {
                String message = String.join("; ", missing) + ". To run the browser tests, " + INSTALL_HINT + ".";
                if (required()) {
                    Assertions.fail(message + " (Failing, not skipping: CI=true or BROWSER_TESTS_REQUIRED=true.)");
                }
                Assumptions.abort(message);
            }
            return new Executables(chromium.get(), chromedriver.get());
        }

        private static Optional<Path> locate(String variable, Path usual, String... commands) {
            String named = System.getenv(variable);
            if (named != null && !named.isBlank()) {
                Path path = Path.of(named);
                return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
            }
            if (Files.isExecutable(usual)) {
                return Optional.of(usual);
            }
            String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
            for (String command : commands) {
                for (String dir : pathVariable.split(File.pathSeparator)) {
                    if (dir.isEmpty()) {
                        continue;
                    }
                    Path candidate = Path.of(dir, command);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        }

        private static String explain(String variable, String usual, String command) {
            String named = System.getenv(variable);
            return named != null && !named.isBlank()
                    ? variable + "=" + named + " is not an executable file"
                    : "not at " + usual + " nor as " + command + " on the PATH";
        }

        private static boolean required() {
            return "true".equalsIgnoreCase(System.getenv("CI"))
                    || "true".equalsIgnoreCase(System.getenv("BROWSER_TESTS_REQUIRED"));
        }
    }
}
