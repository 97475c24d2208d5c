package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The failover run ({@link FailoverRun}): two instances of each service, imports on 12 accounts of 300 rows,
 * one instance of each service killed mid-run; then every import {@code COMPLETED} on the surviving
 * ingest instance, no row provisioned or user created twice or lost, no number or extension given
 * twice, each email once (or a re-send the notification kill explains, reported). Settings:
 * {@code -Dfailover.accounts}, {@code -Dfailover.rows}. The figures line is also written to
 * {@code target/failover/figures.txt}.
 */
class FailoverRunTest {

    static final FailoverRun.Settings DEFAULT = new FailoverRun.Settings(12, 600);

    @Test
    void shouldCompleteEveryImportOnceWhenOneInstanceOfEachServiceIsKilled() throws Exception {
        Path work = Path.of("target", "failover");
        FailoverRun.Report report = new FailoverRun(FailoverRun.Settings.fromSystemProperties(DEFAULT), work.resolve("run")).run();

        System.out.println(report.figures());
        report.windowResends().forEach(w -> System.out.println("window re-send: " + w));
        report.breaches().forEach(b -> System.out.println("BREACH: " + b));
        Files.writeString(work.resolve("figures.txt"), String.join(System.lineSeparator(), report.figures(),
                String.join(System.lineSeparator(), report.windowResends().stream().map(w -> "window re-send: " + w).toList()),
                String.join(System.lineSeparator(), report.breaches().stream().map(b -> "BREACH: " + b).toList())) + System.lineSeparator());
        assertThat(report.breaches()).as(report.figures()).isEmpty();
    }
}
