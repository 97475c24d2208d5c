package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The chaos run ({@link ChaosRun}), short: one kill of each service (one of them started again on
 * an empty state folder) and one broker restart during concurrent imports on four accounts; then
 * no row created twice or lost, no number or extension held twice, licences exact, each email once
 * (or a re-send a kill explains, reported), every import final and served.
 * <p>
 * {@code ./chaos.sh} runs the long version (24 kills, 2 broker restarts) through this test, with
 * the {@code chaos.*} system properties of {@link ChaosRun.Settings}. The figures line is also
 * written to {@code target/chaos/figures.txt}.
 */
class ChaosRunTest {

    static final ChaosRun.Settings SHORT = new ChaosRun.Settings(4, 1, 8, 15, 40,
            Duration.ofSeconds(6), Duration.ofSeconds(12), Duration.ofSeconds(150), 12L);

    @Test
    void shouldKeepEveryPromiseWhileServicesAreKilledAndTheBrokerRestarts() throws Exception {
        ChaosRun.Settings settings = ChaosRun.Settings.fromSystemProperties(SHORT);
        Path work = Path.of("target", "chaos");
        ChaosRun.Report report = new ChaosRun(settings, work.resolve("run")).run();

        System.out.println(report.figures());
        report.windowResends().forEach(w -> System.out.println("window re-send: " + w));
        report.breaches().forEach(b -> System.out.println("BREACH: " + b));
        Files.writeString(work.resolve("figures.txt"), report.figures() + System.lineSeparator()
                + String.join(System.lineSeparator(), report.windowResends().stream().map(w -> "window re-send: " + w).toList())
                + System.lineSeparator()
                + String.join(System.lineSeparator(), report.breaches().stream().map(b -> "BREACH: " + b).toList())
                + System.lineSeparator());
        assertThat(report.breaches()).as(report.figures()).isEmpty();
    }
}
