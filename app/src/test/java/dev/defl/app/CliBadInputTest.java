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

    @Test
    void anUnwritableReportPathIsRefusedBeforeTheRunStarts() throws Exception {
        Path aFile = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path report = aFile.resolve("report.json");
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "2", "--rounds", "1", "--rpc-url",
                "http://127.0.0.1:1", "--data-dir", dir.resolve("data").toString(), "--report", report.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stdout()).isEmpty(); // nothing started: no dataset line, no chain contacted
        assertThat(o.stderr().strip()).isEqualTo("run: error: --report " + report + " cannot be written: "
                + aFile + " is not a directory");
        CliOutcome csv = defl("run", "--dataset", "digits", "--rpc-url", "http://127.0.0.1:1",
                "--data-dir", dir.resolve("data").toString(), "--report-csv", dir.toString());
        assertThat(csv.stderr().strip()).isEqualTo("run: error: --report-csv " + dir + " is a directory, not a file");
    }

    @Test
    void roundsAboveTheMaximumAreRefusedNamingTheBound() {
        CliOutcome run = defl("run", "--dataset", "digits", "--clients", "2", "--rounds", "1000000000", "--rpc-url",
                "http://127.0.0.1:1", "--data-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().strip()).isEqualTo("run: error: --rounds must be between 1 and 10000, not 1000000000");
        assertThat(defl("run", "--help").stdout()).contains("Rounds R, 1 to 10000");

        CliOutcome task = defl("task", "create", "--chain", "http://127.0.0.1:1", "--keystore", dir.resolve("k.json").toString(),
                "--clients-per-round", "1", "--quorum", "1", "--rounds", "10001");
        assertThat(task.exitCode()).isEqualTo(1);
        assertThat(task.stderr().strip()).isEqualTo("task create: error: --rounds must be between 1 and 10000, not 10001");
    }

    @Test
    void taskCreateRefusesAByzantineBoundItsRuleCannotHoldBeforeTouchingTheChain() {
        // the chain URL is dead: the refusal comes first, naming the rule
        CliOutcome task = defl("task", "create", "--chain", "http://127.0.0.1:1", "--keystore", dir.resolve("k.json").toString(),
                "--clients-per-round", "10", "--quorum", "1", "--strategy", "bulyan", "--byzantine", "2");
        assertThat(task.exitCode()).isEqualTo(1);
        assertThat(task.stderr().strip()).isEqualTo("task create: error: bulyan cannot tolerate f = 2 Byzantine clients of "
                + "n = 10 per round: it needs n >= 4f + 3 = 11 updates per round");
    }

    @Test
    void aRootDatasetIsOnlyForFlTrustAndMustBeACid() {
        CliOutcome other = defl("run", "--dataset", "digits", "--strategy", "krum", "--root-dataset",
                "bafkreiecaamkarr55v2ysp34rdxth4suokcxx63cf4k3xn4rvlh5jogmm4", "--data-dir", dir.toString());
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.stderr()).contains("--root-dataset applies only to --strategy fltrust, not krum");
        CliOutcome bad = defl("run", "--dataset", "digits", "--strategy", "fltrust", "--root-dataset", "nope",
                "--data-dir", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("--root-dataset 'nope' is not a CID");
    }
}
