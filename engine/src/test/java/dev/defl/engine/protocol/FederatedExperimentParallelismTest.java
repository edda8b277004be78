package dev.defl.engine.protocol;

import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many clients per process through the real trainer, store and anvil (one workspace, digits): clients training at
 * once give the same updates, submission order and global CIDs as one at a time, and a run takes more clients than
 * anvil funds at start.
 */
class FederatedExperimentParallelismTest extends EmbeddedDigitsWorkspace {
    private static RunReport run(ExperimentConfig config, int parallelism, RunListener listener) throws Exception {
        return new FederatedExperiment(workspace, ComputeDevice.cpu(), parallelism).run(config, data, listener, () -> false);
    }

    /** Every round's updates (client, CID, samples), in chain order, and its global CID. */
    private static List<String> outcome(RunReport report) {
        List<String> lines = new ArrayList<>();
        for (RoundReport r : report.rounds()) {
            for (UpdateRecord u : r.updates()) lines.add(r.round() + " " + u.client() + " " + u.cid() + " " + u.numSamples());
            lines.add(r.round() + " global " + r.globalModelCid());
        }
        return lines;
    }

    @Test
    void threeClientsAtOnceGiveTheSameUpdatesAndGlobalModelsAsOneAtATime() throws Exception {
        var config = new ExperimentConfig(4, 2, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
        List<RoundTiming> timings = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        List<String> trained = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void onRoundTiming(RoundTiming timing) {
                timings.add(timing);
            }

            @Override
            public void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {
                threads.add(Thread.currentThread().getName());
                trained.add(round + ":" + client);
            }
        };
        RunReport sequential = run(config, 1, new RunListener() { });
        String caller = Thread.currentThread().getName();
        RunReport parallel = run(config, 3, listener);

        assertThat(outcome(parallel)).isEqualTo(outcome(sequential)).hasSize(2 * 5);
        for (RoundReport r : parallel.rounds()) {
            // ascending client index order on chain, whichever client finished training first
            assertThat(r.updates()).extracting(UpdateRecord::client).containsExactly(DevAccounts.account(1).getAddress(),
                    DevAccounts.account(2).getAddress(), DevAccounts.account(3).getAddress(), DevAccounts.account(4).getAddress());
        }
        // listener calls stay on the run's thread, in client index order whichever client finished first
        assertThat(threads).hasSize(8).containsOnly(caller);
        assertThat(trained).containsExactly("1:0", "1:1", "1:2", "1:3", "2:0", "2:1", "2:2", "2:3");
        assertThat(timings).hasSize(2).allSatisfy(t -> {
            assertThat(t.parallelism()).isEqualTo(3);
            assertThat(t.clients()).isEqualTo(4);
            assertThat(t.training()).isPositive().isLessThanOrEqualTo(t.roundSeconds());
            assertThat(t.trainingSum()).isGreaterThanOrEqualTo(t.training() * 0.999);
            assertThat(t.chain()).isPositive();
            assertThat(t.content()).isPositive();
            assertThat(t.rpcRequests()).isPositive();
        });
    }

    @Test
    void moreClientsThanAnvilFundsAtStartRunARound() throws Exception {
        int clients = AnvilProcess.ACCOUNTS + 2; // 130: clients 1..130 and the aggregator 131 are past anvil's 0..127
        var config = new ExperimentConfig(clients, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withClientFraction(3.0 / clients);
        RunReport report = run(config, 2, new RunListener() { });

        assertThat(report.rounds()).hasSize(1);
        assertThat(report.rounds().getFirst().updates()).hasSize(3);
        assertThat(workspace.taskContract().task(report.taskId()).params().clientsPerRound()).isEqualTo(3);
        // every client is registered, the last one too, and the aggregator past anvil's accounts was funded
        String last = DevAccounts.account(clients).getAddress();
        assertThat(workspace.taskContract().participant(report.taskId(), last).roles())
                .contains(dev.defl.engine.ledger.Role.CLIENT);
        assertThat(workspace.chain().balance(DevAccounts.account(clients + 1).getAddress())).isPositive();
    }

    @Test
    void nonsenseClientCountsAndParallelismAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> new ExperimentConfig(0, 1, 1, 1, 32, 0.001, 7))
                .hasMessageContaining("clients must be 1.." + ExperimentConfig.MAX_CLIENTS);
        assertThatThrownBy(() -> new ExperimentConfig(ExperimentConfig.MAX_CLIENTS + 1, 1, 1, 1, 32, 0.001, 7))
                .hasMessageContaining("clients must be 1.." + ExperimentConfig.MAX_CLIENTS);
        assertThatThrownBy(() -> new FederatedExperiment(workspace, ComputeDevice.cpu(), 0))
                .hasMessage("client parallelism must be 1..1024, got 0");
    }
}
