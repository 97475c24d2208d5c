package com.bulkimport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The benchmark ({@link Benchmark}), tiny: 20 rows, one run of each figure, so it never rots. It
 * checks that every figure is produced and sane (every row created, every email accepted, each
 * time positive and bounded), not how fast: timing belongs to the full run, {@code ./benchmark.sh}
 * (1,000 rows, several runs), which runs through this test with the {@code bench.*} system
 * properties of {@link Benchmark.Settings}. The table is also written to
 * {@code target/benchmark/figures.txt}.
 */
class BenchmarkTest {

    static final Benchmark.Settings TINY = new Benchmark.Settings(20, 1, 0);

    @Test
    void shouldProduceEveryFigureBesideItsLimits() throws Exception {
        Benchmark.Settings settings = Benchmark.Settings.fromSystemProperties(TINY);
        Path work = Path.of("target", "benchmark");
        Benchmark.Report report = new Benchmark(settings, work.resolve("run")).run();

        System.out.println(report.table());
        Files.writeString(work.resolve("figures.txt"), report.table());
        assertThat(report.figures()).extracting(Benchmark.Figure::key)
                .containsExactly("completed", "last-email", "validate-warm", "validate-first", "pass-through", "smtp");
        for (Benchmark.Figure f : report.figures()) {
            int expected = f.key().equals("validate-first") ? 1 : settings.runs();
            assertThat(f.seconds()).as(f.name()).hasSize(expected).allSatisfy(s -> assertThat(s).isPositive().isLessThan(600.0));
        }
        assertThat(report.completedToPassThrough()).isPositive().isFinite();
        assertThat(report.emailToSmtp()).isPositive().isFinite();
        assertThat(report.smtpConnections()).isEqualTo(Benchmark.smtpConnections()).isPositive();
        assertThat(report.table()).contains("upload -> COMPLETED", "pass-through", "direct SMTP");
    }
}
