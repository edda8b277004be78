package dev.defl.engine.runs;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.network.NodeListener;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.TaskCreator;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskNode;
import dev.defl.engine.network.TaskPlan;
import dev.defl.engine.service.PeerSession;
import dev.defl.engine.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task joined as nodes through {@link PeerSession} (as {@code defl node} and the Network pane join it) is kept in
 * the data directory's run database: one client run and one aggregator run with the task's parameters, the rounds,
 * the client's epochs and update, the aggregator's proposal. Real anvil, real store, real DJL.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NodeRecorderTest {
    @TempDir
    Path dir;

    @Test
    void aClientAndAnAggregatorOfATaskAreKeptAsTwoRuns() throws Exception {
        DatasetSplit data = Datasets.load("digits", 7);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        var account = DevAccounts.account(1);
        try (PeerSession session = PeerSession.open(Workspace.openEmbedded(dir), account, List.of(), Duration.ofSeconds(5))) {
            TaskContract contract = session.deployContract();
            var model = ModelKind.MLP.spec(data);
            TaskDocument document = TaskDocument.of(model, data.train(), StrategySpec.fedAvg(), 2, 32, 0.05, 11);
            TaskPlan plan = new TaskPlan(1, 1, 1, 1, 1_000_000, 1_000_000, BigInteger.ONE, BigInteger.ONE,
                    List.of(account.getAddress()), List.of(account.getAddress()));
            TaskCreator.CreatedTask task = session.createTask(contract, document, plan);
            TaskNode client = session.clientNode(contract, task.taskId(), document, data.train(), 0, "cpu",
                    NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(100)), NodeListener.NONE);
            TaskNode aggregator = session.aggregatorNode(contract, task.taskId(),
                    NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(100)), null);
            Future<TaskNode.Outcome> c = pool.submit(() -> client.run(() -> false));
            Future<TaskNode.Outcome> a = pool.submit(() -> aggregator.run(() -> false));
            assertThat(c.get(2, TimeUnit.MINUTES)).isEqualTo(TaskNode.Outcome.COMPLETED);
            assertThat(a.get(2, TimeUnit.MINUTES)).isEqualTo(TaskNode.Outcome.COMPLETED);
        } finally {
            pool.shutdownNow();
        }

        try (RunDatabase db = RunDatabase.open(dir)) {
            List<RunSummary> runs = db.reads().runs(false);
            assertThat(runs).extracting(s -> s.params().kind()).containsExactlyInAnyOrder(RunKind.CLIENT, RunKind.AGGREGATOR);
            assertThat(runs).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo(RunStatus.FINISHED);
                assertThat(s.taskId()).isEqualTo(1);
                assertThat(s.roundsDone()).isEqualTo(1);
                assertThat(s.params().localEpochs()).isEqualTo(2);
                assertThat(s.params().seed()).isEqualTo(11);
            });
            RunSummary clientRun = runs.stream().filter(s -> s.params().kind() == RunKind.CLIENT).findFirst().orElseThrow();
            assertThat(clientRun.params().datasetName()).isEqualTo("digits");
            RunRecord client = db.reads().run(clientRun.id()).orElseThrow();
            assertThat(client.epochs()).hasSize(2);
            assertThat(client.transactions()).singleElement().satisfies(t -> {
                assertThat(t.kind()).isEqualTo("update");
                assertThat(t.txHash()).startsWith("0x");
            });
            String global = client.rounds().getFirst().globalCid();
            assertThat(global).startsWith("bafk");
            assertThat(db.names().contentNames().get(global).name()).endsWith("· round 1 · global model");
            RunSummary aggregatorRun = runs.stream().filter(s -> s.params().kind() == RunKind.AGGREGATOR).findFirst().orElseThrow();
            assertThat(db.reads().run(aggregatorRun.id()).orElseThrow().transactions()).extracting(RunRecord.TxRow::kind)
                    .containsExactly("proposal");
        }
    }
}
