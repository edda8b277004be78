package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the CLI exits non-zero with one line that says what was wrong and where. */
class CliBadInputTest {

    @TempDir
    Path dir;

    @Test
    void missingDatasetNamesThePath() {
        Path missing = dir.resolve("nope.csv");
        CliOutcome o = defl("run", "--dataset", missing.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains(missing.toString()).doesNotContain("\n");
    }

    @Test
    void unknownCidIsReportedWithTheCidAndTheStore() throws Exception {
        Files.createDirectories(dir.resolve("ipfs"));
        String cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
        CliOutcome o = defl("cat", cid, "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stdout()).isEmpty();
        assertThat(o.stderr().strip()).startsWith("cat: error:").contains(cid).doesNotContain("\n");
    }

    @Test
    void malformedCidIsRejected() throws Exception {
        Files.createDirectories(dir.resolve("ipfs"));
        CliOutcome o = defl("cat", "bafy!!notacid", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("cat: error:").contains("bafy!!notacid");
    }

    @Test
    void catWithoutAStoreNamesTheDirectory() {
        String cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
        CliOutcome o = defl("cat", cid, "--data-dir", dir.resolve("empty").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("no content store at").contains(dir.resolve("empty").toString());
    }

    @Test
    void unreachableChainNamesTheUrl() {
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "2", "--rounds", "1", "--rpc-url",
                "http://127.0.0.1:1", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("http://127.0.0.1:1").doesNotContain("\n");
    }

    @Test
    void outOfRangeParameterNamesTheParameter() {
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "0", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("clients must be");
    }

    @Test
    void unknownStrategyListsTheKnownOnes() {
        CliOutcome o = defl("run", "--dataset", "digits", "--strategy", "fedsgd", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("unknown aggregation strategy 'fedsgd'").contains("trimmed-mean");
    }

    @Test
    void trimmedBetaOutOfRangeIsRefused() {
        CliOutcome o = defl("run", "--dataset", "digits", "--strategy", "trimmed-mean", "--trimmed-beta", "0.5",
                "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("β must be in [0, 0.5), got 0.5");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliOutcome o = defl("run", "--no-such-option");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("--no-such-option");
    }
}
