package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl demo network} for real: anvil, js-ipfs (found with {@code --jsipfs}, as the installed package's CI runs
 * it) and five {@code defl} child processes. It runs to a verified end and leaves no process behind; stopped by
 * SIGTERM or SIGKILL half-way, every process it started stops too. About a minute each on 2 cores.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoNetworkTest {
    @TempDir
    Path dir;

    private static String jsipfs() {
        return Path.of(System.getProperty("defl.root", "")).toAbsolutePath().resolve("node_modules/.bin/jsipfs").toString();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @Test
    void theSmallestNetworkRunsVerifiesAndStopsEverything() {
        Set<Long> before = descendants();
        CliOutcome out = defl("demo", "network", "--jsipfs", jsipfs(), "--dir", dir.resolve("demo").toString());
        assertThat(out.exitCode()).as(out.stdout() + out.stderr()).isZero();
        assertThat(out.lines()).anySatisfy(l -> assertThat(l).matches("demo: round 1 finalized baf[a-z2-7]+ in \\d+ s, 2 updates, 2 votes.*"))
                .anySatisfy(l -> assertThat(l).matches("demo: verify: round 1 OK baf[a-z2-7]+"))
                .anySatisfy(l -> assertThat(l).matches("demo: verify: round 2 OK baf[a-z2-7]+"))
                .anySatisfy(l -> assertThat(l).startsWith("demo: OK: 2 round(s) finalized and verified OK in "));
        assertThat(descendants()).as("no process left").isSubsetOf(before);
        Path logs = dir.resolve("demo/logs");
        assertThat(logs.resolve("client-0.log")).content().doesNotContain("AutoNonVariableTypeMode")
                .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  ClientNode - round 2 finalized ");
        assertThat(logs.resolve("aggregator-0.log")).content().contains("task completed");
    }

    @Test
    void aMissingJsipfsIsOneLineNamingWhereItLooked() {
        CliOutcome out = defl("demo", "network", "--jsipfs", dir.resolve("no-jsipfs").toString());
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).isEqualTo("demo network: error: jsipfs " + dir.resolve("no-jsipfs")
                + ": no such executable file");
        assertThat(defl("demo", "network", "--rounds", "0").stderr()).startsWith("demo network: error: --rounds must be 1..20");
    }

    @Test
    void sigtermHalfWayStopsEveryProcessItStarted() throws Exception {
        stopHalfWay(false);
    }

    /** SIGKILL runs no shutdown hook: the lifelines (pipes from the killed JVM) stop anvil, js-ipfs and the peers. */
    @Test
    void sigkillHalfWayLeavesNoProcessBehind() throws Exception {
        stopHalfWay(true);
    }

    private void stopHalfWay(boolean kill) throws Exception {
        List<String> command = new ArrayList<>(SelfLauncher.command(List.of("demo", "network", "--jsipfs", jsipfs(),
                "--dir", dir.resolve("stopped").toString())));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        Set<ProcessHandle> started = new java.util.HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("demo: started 2 aggregators")) break;
            }
            assertThat(seen.toString()).contains("demo: started 2 aggregators");
            Thread.sleep(3000); // the peers are starting: a JVM each
            demo.descendants().forEach(started::add);
            assertThat(started.size()).as("anvil, js-ipfs, 4 nodes: " + started).isGreaterThanOrEqualTo(6);
            if (kill) {
                demo.destroyForcibly(); // SIGKILL: no shutdown hook runs
            } else {
                demo.destroy(); // SIGTERM, as Ctrl+C's SIGINT: the JVM runs its shutdown hooks
            }
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            demo.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(200);
        assertThat(started.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                .as("processes the demo started, still running").isEmpty();
        assertThat(Files.exists(dir.resolve("stopped/logs/client-0.log"))).isTrue();
        started.forEach(ProcessHandle::destroyForcibly);
    }
}
