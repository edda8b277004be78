package dev.defl.ui.run;

import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Receives {@link RunListener} calls on the run's worker thread and replays them, in order, to each
 * delegate on the UI executor ({@code Platform::runLater} in the window). Never blocks the worker.
 */
public final class UiThreadRunListener implements RunListener {

    private final Executor ui;
    private final List<RunListener> delegates;

    public UiThreadRunListener(Executor ui, List<? extends RunListener> delegates) {
        this.ui = Objects.requireNonNull(ui, "ui");
        this.delegates = List.copyOf(delegates);
    }

    private void post(Consumer<RunListener> call) {
        ui.execute(() -> delegates.forEach(call));
    }

    @Override public void onProgress(String step, double fraction) { post(l -> l.onProgress(step, fraction)); }
    @Override public void onStarted(long chainId, String contract, String rpcUrl) { post(l -> l.onStarted(chainId, contract, rpcUrl)); }
    @Override public void onTaskCreated(long chainId, String contract, long taskId) {
        post(l -> l.onTaskCreated(chainId, contract, taskId));
    }
    @Override public void onRoundOpened(int round) { post(l -> l.onRoundOpened(round)); }
    @Override public void onUpdateScreened(int round, String aggregator, String client, String cid, String verdict,
                                           boolean suspected, String reason) {
        post(l -> l.onUpdateScreened(round, aggregator, client, cid, verdict, suspected, reason));
    }

    @Override public void onUpdateRejected(int round, String aggregator, String client, String cid, String reason) {
        post(l -> l.onUpdateRejected(round, aggregator, client, cid, reason));
    }
    @Override public void onClientEpoch(int round, int client, int epoch, double loss, double accuracy) {
        post(l -> l.onClientEpoch(round, client, epoch, loss, accuracy));
    }
    @Override public void onPartitioned(dev.defl.engine.learning.Partitioner partitioner,
                                        dev.defl.engine.learning.PartitionSummary summary) {
        post(l -> l.onPartitioned(partitioner, summary));
    }
    @Override public void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {
        post(l -> l.onClientTrained(round, client, numSamples, epochs, seconds));
    }
    @Override public void onDevice(String device, String warning) { post(l -> l.onDevice(device, warning)); }
    @Override public void onUpdateSubmitted(int round, UpdateRecord update) { post(l -> l.onUpdateSubmitted(round, update)); }
    @Override public void onProposed(int round, ProposalRecord proposal) { post(l -> l.onProposed(round, proposal)); }
    @Override public void onVoted(int round, VoteRecord vote) { post(l -> l.onVoted(round, vote)); }
    @Override public void onRoundFinalized(RoundReport report) { post(l -> l.onRoundFinalized(report)); }
    @Override public void onBlock(long blockNumber) { post(l -> l.onBlock(blockNumber)); }
    @Override public void onTaskAbandoned(long taskId, long blockNumber) { post(l -> l.onTaskAbandoned(taskId, blockNumber)); }
    @Override public void onTaskReady(long taskId, String specCid, String initialModel, java.util.List<String> clients,
                                        java.util.List<String> aggregators) {
        post(l -> l.onTaskReady(taskId, specCid, initialModel, clients, aggregators));
    }
}
