package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl runs ls|show|export} on the run database a real {@code defl run} wrote, and their errors. */
class CliRunsTest {
    @TempDir
    Path dir;

    @Test
    void showsAndExportsARunAndNamesWhatIsMissing() throws Exception {
        Path data = dir.resolve("data");
        CliOutcome none = defl("runs", "ls", "--data-dir", dir.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("no run database in " + dir.toAbsolutePath());

        CliOutcome run = defl("run", "--dataset", "digits", "--clients", "2", "--aggregators", "1", "--rounds", "1",
                "--strategy", "fedavgm", "--seed", "3", "--data-dir", data.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();

        CliOutcome show = defl("runs", "show", "1", "--data-dir", data.toString());
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.stdout()).contains("run 1  run 1  (finished)", "dataset            digits", "strategy           fedavgm(",
                "N (clients)        2", "seed               3", "client 2", "aggregator A");
        assertThat(show.lines()).anyMatch(l -> l.matches("\\s+1\\s+\\d+\\.\\d\\d%\\s+\\d+\\.\\d{4}\\s+[\\d,]+\\s+2 .* bafk\\w+"));

        Path csv = dir.resolve("out/epochs.csv");
        CliOutcome export = defl("runs", "export", "1", "--csv", "--epochs", "-o", csv.toString(), "--data-dir", data.toString());
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        assertThat(Files.readAllLines(csv)).first().isEqualTo(dev.defl.engine.runs.RunCsv.EPOCHS_HEADER);
        assertThat(Files.readAllLines(csv)).hasSize(1 + 2);

        CliOutcome missing = defl("runs", "show", "9", "--data-dir", data.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no run 9 in ", "runs.db");
    }

    @Test
    void benchHistoryComparesPlainAndRecordedRuns() {
        CliOutcome bench = defl("bench", "history", "--dataset", "digits", "--clients", "2", "--aggregators", "1",
                "--rounds", "1", "--repeat", "1");
        assertThat(bench.exitCode()).as(bench.stderr()).isZero();
        assertThat(bench.stdout()).containsPattern("median plain \\d+\\.\\d\\d s, recorded \\d+\\.\\d\\d s: recorded/plain = \\d+\\.\\d{3}×")
                .containsPattern("run database: [\\d,]+ bytes after 1 recorded runs");
        CliOutcome bad = defl("bench", "history", "--repeat", "0");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("--repeat must be 1 to 20, got 0");
    }
}
