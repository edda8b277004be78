package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 F1, with real processes: a {@code defl run} JVM is SIGKILLed in mid-run (after round 1 finalized), then a
 * new run starts on the same data directory. Before the fix the killed run's anvil lived on and, a second after the
 * new run exited, overwrote the chain state, erasing the new task. Now the new task survives 5 s later,
 * {@code verify} passes, and the killed run's task is abandoned on chain (its {@code TaskAbandoned} event in
 * {@code chain events}), never left active.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliKilledRunTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledMidRunNeitherErasesTheNextRunsTaskNorStaysActive() throws Exception {
        Path data = dir.resolve("data");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "run", "--dataset", "digits", "--clients", "3", "--rounds", "5", "--local-epochs", "1", "--seed", "7",
                "--data-dir", data.toString()));
        Process victim = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("round 1 ")) break;
            }
            assertThat(seen.toString()).as("the victim finalized round 1").contains("round 1 ");
            victim.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            victim.destroyForcibly();
        }

        CliOutcome second = defl("run", "--dataset", "digits", "--clients", "3", "--rounds", "2", "--local-epochs", "1",
                "--seed", "7", "--data-dir", data.toString());
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("task 2");
        assertThat(second.stderr()).contains("warning: task 1 on contract ", "was left active by the run (pid "
                + victim.pid() + ", started ", "which died in round 2; abandoned it on chain in block ");

        Thread.sleep(5_000); // an orphaned anvil wrote the state every second
        CliOutcome verify = defl("verify", "--task", "2", "--data-dir", data.toString());
        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.lines()).hasSize(2).allMatch(l -> l.matches("round \\d OK .*"));

        CliOutcome events = defl("chain", "events", "--task", "1", "--data-dir", data.toString());
        assertThat(events.exitCode()).as(events.stderr()).isZero();
        assertThat(events.lines()).anyMatch(l -> l.contains("RoundFailed") && l.contains("reason=2"))
                .anyMatch(l -> l.contains("TaskAbandoned") && l.contains("round=2"))
                .noneMatch(l -> l.contains("TaskCompleted"));
    }
}
