package dev.defl.app;

import dev.defl.engine.runs.RunCsv;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunRecord;
import dev.defl.engine.runs.RunStatus;

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
 * {@code chain events}), never left active. Issue 15: the run database keeps the killed run's finished round (global
 * CID, test accuracy, its clients' epochs and updates) and lists the run as interrupted.
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

        // issue 15: the run database kept what the killed run finished, and knows it was interrupted
        String round1Global = seen.toString().lines().filter(l -> l.startsWith("round 1 ")).findFirst().orElseThrow()
                .replaceAll(".* global (\\S+) .*", "$1");
        CliOutcome ls = defl("runs", "ls", "--data-dir", data.toString());
        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.lines()).anyMatch(l -> l.matches("\\s+2\\s+run 2\\s+finished .* 2/2 .*"))
                .anyMatch(l -> l.matches("\\s+1\\s+run 1\\s+interrupted .* 1/5 .*"));
        try (RunDatabase db = RunDatabase.open(data)) {
            RunRecord killed = db.reads().run(1).orElseThrow();
            assertThat(killed.summary().status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(killed.summary().taskId()).isEqualTo(1);
            RunRecord.RoundRow kept = killed.rounds().getFirst();
            assertThat(kept.globalCid()).isEqualTo(round1Global);
            assertThat(kept.testAccuracy()).isBetween(0.0, 1.0);
            assertThat(killed.epochs()).filteredOn(e -> e.round() == 1).hasSize(3);
            assertThat(killed.transactions()).filteredOn(t -> t.round() == 1 && t.kind().equals("update")).hasSize(3);
        }
        CliOutcome csv = defl("runs", "export", "1", "--csv", "--data-dir", data.toString());
        assertThat(csv.exitCode()).as(csv.stderr()).isZero();
        assertThat(csv.lines().getFirst()).isEqualTo(RunCsv.ROUNDS_HEADER);
        assertThat(csv.lines().get(1)).startsWith("1,run 1,1,").contains("," + round1Global + ",0.");
    }
}
