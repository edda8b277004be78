package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 F2 with two real processes on one data directory: every writing command takes the data-directory lock, so
 * a {@code gc} never deletes what another process is writing; readers keep working while the lock is held.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliDataDirLockTest {
    @TempDir
    Path dir;

    private static Process defl(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The repro: {@code defl add big.bin & while kill -0 $!; do defl gc; done} left a pin whose blocks gc had removed. */
    @Test
    void gcInASecondProcessNeverDeletesTheBlocksOfAnAddInProgress() throws Exception {
        Path data = dir.resolve("data");
        byte[] content = new byte[48 << 20];
        new Random(12).nextBytes(content);
        Path big = Files.write(dir.resolve("big.bin"), content);
        // a store to collect garbage in from the first gc on
        assertThat(CliOutcome.defl("add", Files.writeString(dir.resolve("small.txt"), "small").toString(), "--data-dir",
                data.toString()).exitCode()).isZero();
        Process add = defl(dir.resolve("add.log"), "add", big.toString(), "--data-dir", data.toString());
        int refused = 0;
        int ran = 0;
        try {
            while (add.isAlive()) {
                CliOutcome gc = CliOutcome.defl("gc", "--data-dir", data.toString());
                if (gc.exitCode() == 0) {
                    ran++;
                } else {
                    refused++;
                    assertThat(gc.stderr().strip()).startsWith("gc: error: data directory " + data.toAbsolutePath())
                            .contains("is in use by another DeFL Workbench process (pid " + add.pid() + ": defl add, since ");
                }
            }
            assertThat(add.waitFor()).as(Files.readString(dir.resolve("add.log"))).isZero();
        } finally {
            add.destroyForcibly();
        }
        // gc waits for add (both brief): each one ran before add took the lock or after it ended, never during it
        assertThat(ran + refused).isPositive();
        String cid = Files.readString(dir.resolve("add.log")).strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(CliOutcome.defl("gc", "--data-dir", data.toString()).exitCode()).isZero();
        Path out = dir.resolve("out.bin");
        CliOutcome get = CliOutcome.defl("get", cid, "-o", out.toString(), "--data-dir", data.toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out))))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    /**
     * The repro {@code defl run --rounds 8 & sleep 3; defl gc} ended the run with "no block for CID". Now gc, add and
     * pin are refused naming the run, while cat, pin ls and chain events read on; the run finalizes every round.
     */
    @Test
    void writersAreRefusedAndReadersWorkWhileARunHoldsTheDirectory() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("run.log");
        Process run = defl(log, "run", "--dataset", "digits", "--clients", "3", "--rounds", "8", "--local-epochs", "1",
                "--seed", "7", "--data-dir", data.toString());
        try {
            String global = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Pattern round = Pattern.compile("^round 1 .* global (\\S+) ", Pattern.MULTILINE);
            while (global == null) {
                Matcher m = round.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) global = m.group(1);
                assertThat(run.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("round 1 within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            String holder = "is in use by another DeFL Workbench process (pid " + run.pid() + ": defl run, since ";
            CliOutcome gc = CliOutcome.defl("gc", "--data-dir", data.toString());
            assertThat(gc.exitCode()).isEqualTo(1);
            assertThat(gc.stderr()).contains(holder);
            CliOutcome add = CliOutcome.defl("add", Files.writeString(dir.resolve("x.txt"), "x").toString(), "--data-dir", data.toString());
            assertThat(add.exitCode()).isEqualTo(1);
            assertThat(add.stderr()).contains(holder);
            assertThat(CliOutcome.defl("pin", "rm", global, "--data-dir", data.toString()).stderr()).contains(holder);

            CliOutcome cat = CliOutcome.defl("cat", global, "--data-dir", data.toString());
            assertThat(cat.exitCode()).as(cat.stderr()).isZero();
            assertThat(cat.stdoutBytes().length).isPositive();
            assertThat(CliOutcome.defl("pin", "ls", "--data-dir", data.toString()).stdout()).contains(global);
            CliOutcome events = CliOutcome.defl("chain", "events", "--task", "1", "--data-dir", data.toString());
            assertThat(events.exitCode()).as(events.stderr()).isZero();
            assertThat(events.stdout()).contains("RoundFinalized");

            assertThat(run.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("round 8 ").doesNotContain("no block for CID");
        } finally {
            run.destroyForcibly();
        }
        CliOutcome verify = CliOutcome.defl("verify", "--task", "1", "--data-dir", data.toString());
        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    }
}
