package dev.defl.app;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DeploymentRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code defl chain events} over a data directory in which a real (small) federated run took place. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliChainEventsTest {
    /** {@code <block> <ISO-8601 UTC block time> <tx hash> <Event(args)>}. */
    private static final String LINE = "\\d+ \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ 0x[0-9a-f]{64} \\w+\\(.*\\)";
    Path dir;

    @BeforeAll
    void runOneTask(@TempDir Path dir) {
        this.dir = dir;
        CliOutcome run = defl("run", "--dataset", "digits", "--clients", "2", "--aggregators", "1", "--rounds", "1",
                "--data-dir", dir.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("task 1");
    }

    @Test
    void eventsOfATaskAreDecodedWithCidsAndSurviveARestartOfTheIndex() {
        CliOutcome events = defl("chain", "events", "--task", "1", "--data-dir", dir.toString());
        assertThat(events.exitCode()).as(events.stderr()).isZero();
        assertThat(events.lines()).anySatisfy(l -> assertThat(l).containsPattern(
                "TaskCreated\\(taskId=1, creator=0x[0-9a-f]{40}, params=\\(modelSpecCid=bafk[a-z2-7]+, initialModelCid=bafk[a-z2-7]+, rounds=1,"));
        assertThat(events.lines()).filteredOn(l -> l.contains(" UpdateSubmitted(taskId=1, round=1,")).hasSize(2)
                .allSatisfy(l -> assertThat(l).containsPattern("cid=bafk[a-z2-7]+"));
        assertThat(events.lines()).anySatisfy(l -> assertThat(l).containsPattern("RoundFinalized\\(taskId=1, round=1, cid=baf[a-z2-7]+, votes=1\\)"));
        assertThat(events.lines()).anySatisfy(l -> assertThat(l).contains("TaskCompleted(taskId=1"));
        assertThat(events.lines()).allSatisfy(l -> assertThat(l).matches(LINE));

        CliOutcome again = defl("chain", "events", "--task", "1", "--data-dir", dir.toString());
        assertThat(again.lines()).isEqualTo(events.lines());
    }

    @Test
    void contractOptionReadsAnyDeploymentFromTheChainWithoutADataDirectory(@TempDir Path elsewhere) {
        String address = DeploymentRecord.load(dir.resolve("chain").resolve(DeploymentRecord.FILE_NAME)).orElseThrow().address();
        // the data directory's chain (a copy of its state), served by an anvil of our own: read by URL only
        Path copy = elsewhere.resolve("copy-state.json");
        try {
            java.nio.file.Files.copy(dir.resolve("chain/anvil-state.json"), copy);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (AnvilProcess anvil = AnvilProcess.start(copy, 0)) {
            Path none = elsewhere.resolve("never-created");
            for (String option : new String[]{"--rpc-url", "--chain"}) {
                CliOutcome events = defl("chain", "events", "--contract", address, option, anvil.rpcUrl(), "--task", "1",
                        "--data-dir", none.toString());
                assertThat(events.exitCode()).as(events.stderr()).isZero();
                assertThat(events.lines()).isNotEmpty().allSatisfy(l -> assertThat(l).matches(LINE));
                assertThat(events.lines()).anySatisfy(l -> assertThat(l).contains(" TaskCreated(taskId=1,"));
                assertThat(events.lines()).anySatisfy(l -> assertThat(l).contains(" TaskCompleted(taskId=1"));
            }
            assertThat(none).doesNotExist();
            CliOutcome noCode = defl("chain", "events", "--contract", "0x" + "12".repeat(20), "--rpc-url", anvil.rpcUrl());
            assertThat(noCode.exitCode()).isEqualTo(1);
            assertThat(noCode.stderr()).startsWith("chain events: error: --contract 0x1212").contains("no contract code")
                    .hasLineCount(1);
        }
        CliOutcome noUrl = defl("chain", "events", "--contract", address);
        assertThat(noUrl.stderr()).startsWith("chain events: error: --contract needs --rpc-url URL").hasLineCount(1);
    }

    @Test
    void unknownTasksAndEmptyDirectoriesAreOneLineErrors(@TempDir Path fresh) {
        CliOutcome unknown = defl("chain", "events", "--task", "9", "--data-dir", dir.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("chain events: error: no task 9 in contract 0x").hasLineCount(1);
        CliOutcome none = defl("chain", "events", "--data-dir", fresh.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).startsWith("chain events: error: no FederatedTasks contract recorded for chain id 31337")
                .hasLineCount(1);
        CliOutcome zero = defl("chain", "events", "--task", "0", "--data-dir", dir.toString());
        assertThat(zero.stderr()).startsWith("chain events: error: --task must be ≥ 1, got 0");
    }
}
