package dev.defl.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The arithmetic of {@code defl bench startup}; the benchmark itself needs a display and is run by hand. */
class StartupBenchCommandTest {

    @Test
    void medianIgnoresMissingFiguresAndTakesTheLowerMiddle() {
        assertThat(StartupBenchCommand.median(new long[]{300, 100, 200})).isEqualTo(200);
        assertThat(StartupBenchCommand.median(new long[]{400, 100, 300, 200})).isEqualTo(200);
        assertThat(StartupBenchCommand.median(new long[]{-1, 500})).isEqualTo(500);
        assertThat(StartupBenchCommand.median(new long[]{-1, -1})).isEqualTo(-1);
    }

    @Test
    void fewerThanOneRunIsRefused() {
        CliOutcome o = CliOutcome.defl("bench", "startup", "--runs", "0");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("bench startup: error: --runs must be at least 1, not 0");
    }
}
