package dev.defl.engine.protocol;

import dev.defl.engine.workspace.LiveTasks;
import dev.defl.engine.workspace.Workspace;
import dev.defl.engine.learning.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stop: a run asked to stop ends with RunCancelledException, and what was confirmed stays in the store. */
class FederatedExperimentCancelTest {

    @TempDir
    Path dir;

    @Test
    void stoppingAfterTheFirstUpdateEndsTheRunAndKeepsTheUpdate() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        String[] firstUpdate = new String[1];
        long[] created = {0};
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            var config = new ExperimentConfig(2, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
            assertThatThrownBy(() -> new FederatedExperiment(workspace).run(config, Datasets.load("digits", 7),
                    new RunListener() {
                        @Override
                        public void onTaskCreated(long chainId, String contract, long taskId) {
                            created[0] = taskId;
                        }

                        @Override
                        public void onUpdateSubmitted(int round, RunReport.UpdateRecord update) {
                            firstUpdate[0] = update.cid();
                            stop.set(true);
                        }
                    }, stop::get))
                    .isInstanceOf(RunCancelledException.class)
                    .hasMessageContaining("stopped");
            assertThat(workspace.content().has(dev.defl.engine.content.Cid.parse(firstUpdate[0]))).isTrue();
            // issue 12 F1 (and 15): a stopped run does not leave its task active with a round open forever
            assertThat(created[0]).as("the run said which task it created").isEqualTo(1);
            dev.defl.engine.ledger.TaskInfo task = workspace.taskContract().task(1);
            assertThat(task.status()).isEqualTo(dev.defl.engine.ledger.TaskInfo.Status.ABANDONED);
            assertThat(workspace.taskContract().round(1, 1).state().name()).isEqualTo("FAILED");
            assertThat(LiveTasks.in(dir).list(new java.util.ArrayList<>())).as("no live-task record left").isEmpty();
        }
    }
}
