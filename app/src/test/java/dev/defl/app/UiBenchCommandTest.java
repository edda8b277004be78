package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl bench ui} in small (5 peers, 20 rounds, 50 pins) in a child JVM, headless (Monocle, software
 * rendering), as {@link WindowSmokeTest} opens the window: a real task on anvil, a real run database and store, the
 * real window driven through every pane. Checks that it runs and reports every field; never the times themselves.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UiBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void smallHistoryRunsEveryPaneAndWritesTheJsonFields() throws Exception {
        Path json = dir.resolve("out/ui.json"), shots = dir.resolve("shots");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "bench", "ui", "--peers", "5", "--rounds", "20", "--pins", "50", "--json", json.toString(),
                "--screenshots", shots.toString(), "--work-dir", dir.resolve("data").toString()));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        String stdout = read(out), stderr = read(err);

        assertThat(process.exitValue()).as(stdout + stderr).isZero();
        assertThat(stdout).contains("| pane | action | frames | p50 ms | p99 ms | max ms |")
                .contains("| IPFS | scroll ipfsTable").contains("| Peers | sort peersTable")
                .containsPattern("heap: \\d+ MiB in use");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("peers").asInt()).isEqualTo(5);
        assertThat(r.get("rounds").asInt()).isEqualTo(20);
        assertThat(r.get("pins").asInt()).isEqualTo(50);
        assertThat(r.get("pinnedRoots").asInt()).as("the pins and the real run's own content").isGreaterThan(50);
        assertThat(r.get("setupSeconds").has("experiment")).isTrue();
        assertThat(r.get("setupSeconds").has("pins")).isTrue();
        assertThat(r.get("setupSeconds").has("rounds")).isTrue();
        assertThat(r.get("readySeconds").asDouble()).isPositive();
        assertThat(r.get("fillSeconds").has("Peers")).isTrue();
        assertThat(r.get("fillSeconds").has("IPFS")).isTrue();
        assertThat(r.get("fillSeconds").has("Runs: the 20-round run")).isTrue();
        assertThat(r.get("heapLiveBytes").asLong()).isPositive();
        assertThat(r.get("heapPeakBytes").asLong()).isPositive();
        assertThat(r.get("renderer").asText()).isIn("software", "hardware");
        assertThat(r.get("notes")).as(r.get("notes").toString()).isEmpty();
        List<String> actions = new ArrayList<>();
        for (JsonNode f : r.get("frames")) {
            actions.add(f.get("pane").asText() + ": " + f.get("action").asText());
            for (String field : List.of("frames", "p50Ms", "p99Ms", "maxMs", "slow", "slowInGc", "workP99Ms", "workMaxMs", "cpuP99Ms", "cpuMaxMs")) {
                assertThat(f.has(field)).as(field).isTrue();
            }
        }
        assertThat(actions).contains("Peers: open", "IPFS: open", "Runs: select the 20-round run",
                "Runs: per-round metrics tab", "Runs: sort runsRoundsTable", "Trainer: switch to");
        assertThat(actions).anyMatch(a -> a.startsWith("IPFS: scroll ipfsTable ("))
                .anyMatch(a -> a.startsWith("Runs: scroll runsRoundsTable ("));
        assertThat(r.get("overall").get("frames").asInt()).isPositive();
        JsonNode interactions = r.get("scrollAndSort");
        assertThat(interactions.get("frames").asInt()).as("every scroll and sort frame, fewer than all")
                .isPositive().isLessThan(r.get("overall").get("frames").asInt());
        assertThat(interactions.get("slow").asInt()).isBetween(0, interactions.get("frames").asInt());
        assertThat(interactions.get("slowInGc").asInt()).isBetween(0, interactions.get("slow").asInt());
        assertThat(stdout).containsPattern("scroll and sort frames: p99 [\\d.]+ ms; [\\d,]+ of [\\d,]+ frames over 20 ms \\(p99 ≤ 20 ms allows [\\d,]+\\), [\\d,]+ of them with a garbage collection")
                .containsPattern("all frames: p99 [\\d.]+ ms; [\\d,]+ of [\\d,]+ frames over 20 ms");
        assertThat(shots.resolve("ui-bench-ipfs.png")).isRegularFile();
        assertThat(shots.resolve("ui-bench-runs.png")).isRegularFile();
        assertThat(shots.resolve("ui-bench-peers.png")).isRegularFile();
    }

    @Test
    void tooFewPinsForTheRoundsAreRefused() throws Exception {
        CliOutcome o = CliOutcome.defl("bench", "ui", "--rounds", "20", "--pins", "5", "--work-dir",
                dir.resolve("d").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("--pins must be at least --rounds (20)");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
