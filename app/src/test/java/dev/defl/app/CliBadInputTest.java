package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the CLI exits non-zero with one line that says what was wrong and where. */
class CliBadInputTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stdout, String stderr) {}

    private Outcome defl(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DeflCommand.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void missingDatasetNamesThePath() {
        Path missing = dir.resolve("nope.csv");
        Outcome o = defl("run", "--dataset", missing.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains(missing.toString()).doesNotContain("\n");
    }

    @Test
    void unknownCidIsReportedWithTheCidAndTheStore() throws Exception {
        Files.createDirectories(dir.resolve("ipfs"));
        String cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
        Outcome o = defl("cat", cid, "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stdout()).isEmpty();
        assertThat(o.stderr().strip()).startsWith("cat: error:").contains(cid).doesNotContain("\n");
    }

    @Test
    void malformedCidIsRejected() throws Exception {
        Files.createDirectories(dir.resolve("ipfs"));
        Outcome o = defl("cat", "bafy!!notacid", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("cat: error:").contains("bafy!!notacid");
    }

    @Test
    void catWithoutAStoreNamesTheDirectory() {
        String cid = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
        Outcome o = defl("cat", cid, "--data-dir", dir.resolve("empty").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("no content store at").contains(dir.resolve("empty").toString());
    }

    @Test
    void unreachableChainNamesTheUrl() {
        Outcome o = defl("run", "--dataset", "digits", "--clients", "2", "--rounds", "1", "--rpc-url",
                "http://127.0.0.1:1", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("http://127.0.0.1:1").doesNotContain("\n");
    }

    @Test
    void outOfRangeParameterNamesTheParameter() {
        Outcome o = defl("run", "--dataset", "digits", "--clients", "0", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("clients must be");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Outcome o = defl("run", "--no-such-option");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("--no-such-option");
    }
}
