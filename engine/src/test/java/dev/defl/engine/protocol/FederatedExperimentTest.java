package dev.defl.engine.protocol;

import dev.defl.engine.workspace.Workspace;
import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.FashionMnist;
import dev.defl.engine.learning.FedAvg;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through real parts: 3 clients × 2 rounds on a Fashion-MNIST subset, the real DJL
 * trainer, the real embedded store and a real anvil; then every event and CID is checked from the
 * chain and the store alone.
 */
class FederatedExperimentTest {
    /** The first experiment in a fresh workspace deploys the workspace's contract and creates its task 1. */
    private static final long TASK = 1;

    @TempDir
    static Path dataDir;
    static Workspace workspace;
    static RunReport report;
    static List<String> listenerLog = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void runThreeClientsTwoRounds() throws Exception {
        DatasetSplit full = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        DatasetSplit data = new DatasetSplit(
                full.train().subset(IntStream.range(0, 3000).toArray(), "fashion-mnist/train[0:3000]"),
                full.test().subset(IntStream.range(0, 1000).toArray(), "fashion-mnist/test[0:1000]"));
        workspace = Workspace.openEmbedded(dataDir);
        var config = new ExperimentConfig(3, 2, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
        report = new FederatedExperiment(workspace).run(config, data, new RunListener() {
            @Override public void onRoundOpened(int round) { listenerLog.add("open " + round); }
            @Override public void onUpdateSubmitted(int round, RunReport.UpdateRecord u) { listenerLog.add("update " + round); }
            @Override public void onProposed(int round, RunReport.ProposalRecord p) { listenerLog.add("propose " + round); }
            @Override public void onVoted(int round, RunReport.VoteRecord v) { listenerLog.add("vote " + round); }
            @Override public void onRoundFinalized(RoundReport r) { listenerLog.add("finalized " + r.round()); }
        }, () -> false);
    }

    @AfterAll
    static void close() {
        if (workspace != null) workspace.close();
    }

    @Test
    void bothRoundsFinalizeWithOneProposalAndOneVote() {
        assertThat(report.chainId()).isEqualTo(31337);
        assertThat(report.rounds()).hasSize(2);
        for (RoundReport r : report.rounds()) {
            assertThat(r.updates()).hasSize(3);
            assertThat(r.proposals()).hasSize(1);
            assertThat(r.votes()).hasSize(1);
            assertThat(r.votes().getFirst().cid()).isEqualTo(r.proposals().getFirst().cid()).isEqualTo(r.globalModelCid());
            assertThat(r.updates().stream().mapToLong(UpdateRecord::numSamples).sum()).isEqualTo(3000);
            assertThat(r.testAccuracy()).isGreaterThan(0.6);
        }
        assertThat(listenerLog).containsExactly(
                "open 1", "update 1", "update 1", "update 1", "propose 1", "vote 1", "finalized 1",
                "open 2", "update 2", "update 2", "update 2", "propose 2", "vote 2", "finalized 2");
    }

    @Test
    void chainEventsMatchTheReport() throws Exception {
        TaskContract contract = TaskContract.at(workspace.chain(), report.contract());
        List<TaskEvent> events = contract.events(0, workspace.chain().blockNumber());
        assertThat(contract.taskCount()).as("one task per experiment").isEqualTo(TASK);
        for (RoundReport r : report.rounds()) {
            List<String> updateCids = events.stream()
                    .filter(e -> e instanceof TaskEvent.UpdateSubmitted u && u.round() == r.round())
                    .map(e -> ((TaskEvent.UpdateSubmitted) e).cid().toString()).toList();
            assertThat(updateCids).containsExactlyElementsOf(r.updates().stream().map(UpdateRecord::cid).toList());
            List<String> finalized = events.stream()
                    .filter(e -> e instanceof TaskEvent.RoundFinalized f && f.round() == r.round())
                    .map(e -> ((TaskEvent.RoundFinalized) e).cid().toString()).toList();
            assertThat(finalized).containsExactly(r.globalModelCid());
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskEvent.RoundFinalized.class,
                    f -> assertThat(f.blockNumber()).isEqualTo(r.finalizedBlock())));
            assertThat(contract.globalModel(TASK, r.round())).contains(Cid.parse(r.globalModelCid()));
        }
        assertThat(contract.task(TASK).status()).isEqualTo(TaskInfo.Status.COMPLETED);
        assertThat(events).filteredOn(e -> e instanceof TaskEvent.TaskCompleted).singleElement()
                .satisfies(e -> assertThat(((TaskEvent.TaskCompleted) e).model().toString())
                        .isEqualTo(report.rounds().getLast().globalModelCid()));
    }

    @Test
    void everyFinalizedModelRecomputesBitForBitFromTheOnChainUpdates() throws Exception {
        TaskContract contract = TaskContract.at(workspace.chain(), report.contract());
        for (RoundReport r : report.rounds()) {
            List<WeightedUpdate> updates = new ArrayList<>();
            var meta = SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(r.globalModelCid()))).metadata();
            for (var entry : contract.updates(TASK, r.round())) {
                byte[] bytes = workspace.content().catBytes(entry.cid());
                updates.add(new WeightedUpdate(SafetensorsCodec.decode(bytes).weights(), entry.numSamples()));
            }
            byte[] recomputed = SafetensorsCodec.encode(FedAvg.aggregate(updates), meta);
            assertThat(workspace.content().add(recomputed).toString()).isEqualTo(r.globalModelCid());
        }
    }

    @Test
    void clientsAndWinningVotersEarnOneRewardTokenPerRound() {
        TaskContract contract = TaskContract.at(workspace.chain(), report.contract());
        BigInteger perRun = FederatedExperiment.REWARD.multiply(BigInteger.valueOf(report.rounds().size()));
        for (UpdateRecord u : report.rounds().getFirst().updates()) {
            assertThat(contract.pendingRewards(TASK, u.client())).isEqualTo(perRun);
        }
        RoundReport first = report.rounds().getFirst();
        for (String aggregator : List.of(first.proposals().getFirst().aggregator(), first.votes().getFirst().voter())) {
            assertThat(contract.rewardBalance(aggregator)).isEqualTo(perRun);
        }
    }

    @Test
    void updatesAreSafetensorsWithModelMetadata() throws Exception {
        UpdateRecord u = report.rounds().getFirst().updates().getFirst();
        var file = SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(u.cid())));
        assertThat(file.weights().tensors()).containsOnlyKeys("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        assertThat(file.weights().tensors().get("0.weight").shape()).containsExactly(200, 784);
        assertThat(file.metadata()).isNotEmpty();
    }

}
