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

    /** 20 rows, one run, no warm-up; scenario 3 with 3 accounts; scenario 5 (long) not at all. */
    static final Benchmark.Settings TINY = new Benchmark.Settings(20, 1, 0, 3, 0);

    @Test
    void shouldProduceEveryFigureBesideItsLimits() throws Exception {
        Benchmark.Settings settings = Benchmark.Settings.fromSystemProperties(TINY);
        Path work = Path.of("target", "benchmark");
        Benchmark.Report report = new Benchmark(settings, work.resolve("run")).run();

        System.out.println(report.table());
        Files.writeString(work.resolve("figures.txt"), report.table());
        assertThat(report.figures()).extracting(Benchmark.Figure::key)
                .startsWith("completed", "last-email", "validate-warm", "validate-first", "pass-through", "smtp",
                        "many-completed", "many-all-completed", "many-last-email", "pass-through-many");
        for (Benchmark.Figure f : report.figures()) {
            int expected = switch (f.key()) {
                case "validate-first", "many-all-completed", "many-last-email", "scale-completed" -> 1;
                case "many-completed" -> settings.accounts();
                default -> settings.runs();
            };
            assertThat(f.seconds()).as(f.name()).hasSize(expected).allSatisfy(s -> assertThat(s).isPositive().isLessThan(600.0));
        }
        assertThat(report.completedToPassThrough()).isPositive().isFinite();
        assertThat(report.emailToSmtp()).isPositive().isFinite();
        assertThat(report.smtpConnections()).isEqualTo(Benchmark.smtpConnections()).isPositive();
        assertThat(report.many().accounts()).isEqualTo(settings.accounts());
        assertThat(report.many().usersPerSecond()).isPositive().isFinite();
        assertThat(report.many().emailsPerSecond()).isPositive().isFinite();
        assertThat(report.many().shareOfPassThrough()).isPositive().isFinite();
        assertThat(report.many().usersPerSecond()).isCloseTo(settings.accounts() * settings.rows()
                / report.figure("many-all-completed").median(), org.assertj.core.data.Percentage.withPercentage(0.01));
        if (settings.scaleRows() > 0) {
            assertThat(report.scale().heaps()).extracting(GcLog.Heap::service).containsExactlyElementsOf(ChaosCluster.SERVICES);
            assertThat(report.scale().heaps()).allSatisfy(h -> assertThat(h.peakUsedMb()).isPositive()
                    .isGreaterThanOrEqualTo(h.maxAfterGcMb()));
        } else {
            assertThat(report.scale()).isNull();
        }
        assertThat(report.table()).contains("upload -> COMPLETED", "pass-through", "direct SMTP", "users created/s");
    }
}
