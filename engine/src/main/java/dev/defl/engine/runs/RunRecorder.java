package dev.defl.engine.runs;

import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one experiment run into the run database as it goes (a row per event, each committed at once), then passes
 * every event on to {@code next}. Names the run's content (task spec, initial model, updates, global models) and
 * labels its accounts. A database failure is logged once and never stops the run: the run matters more than its
 * record.
 */
final class RunRecorder implements RunListener {

    private final RunDatabase db;
    private final long runId;
    private final RunListener next;
    private final Clock clock;
    private final Map<String, Integer> clientIndex = new HashMap<>();
    private final Map<String, Integer> aggregatorIndex = new HashMap<>();
    private final RecordWriter writer;
    private long chainId;
    private String contract;

    // the current round's timing, in System.nanoTime() units, and its gas
    private Instant openedAt;
    private long openedNanos;
    private double trainSeconds;
    private long lastUpdateNanos;
    private long lastVoteNanos;
    private long gas;

    RunRecorder(RunDatabase db, long runId, RunListener next, Clock clock) {
        this.db = db;
        this.runId = runId;
        this.writer = new RecordWriter("run " + runId);
        this.next = next;
        this.clock = clock;
    }

    @Override
    public void onProgress(String step, double fraction) {
        next.onProgress(step, fraction);
    }

    @Override
    public void onPartitioned(Partitioner partitioner, PartitionSummary summary) {
        next.onPartitioned(partitioner, summary);
    }

    @Override
    public void onStarted(long chainId, String contract, String rpcUrl) {
        this.chainId = chainId;
        this.contract = contract;
        next.onStarted(chainId, contract, rpcUrl);
    }

    @Override
    public void onTaskReady(long taskId, String specCid, String initialModel, List<String> clients, List<String> aggregators) {
        for (int i = 0; i < clients.size(); i++) clientIndex.put(clients.get(i).toLowerCase(Locale.ROOT), i);
        for (int j = 0; j < aggregators.size(); j++) aggregatorIndex.put(aggregators.get(j).toLowerCase(Locale.ROOT), j);
        write(() -> {
            db.setTask(runId, chainId, contract, taskId, specCid, initialModel, clients, aggregators);
            db.names().name(new ContentName(specCid, "run " + runId + " · task spec", ContentName.TASK_SPEC, runId, null, null));
            db.names().name(new ContentName(initialModel, "run " + runId + " · initial model", ContentName.INITIAL_MODEL, runId, 0, null));
        });
        next.onTaskReady(taskId, specCid, initialModel, clients, aggregators);
    }

    @Override
    public void onTaskCreated(long chainId, String contract, long taskId) {
        next.onTaskCreated(chainId, contract, taskId);
    }

    @Override
    public void onRoundOpened(int round) {
        openedAt = clock.instant();
        openedNanos = System.nanoTime();
        trainSeconds = 0;
        lastUpdateNanos = openedNanos;
        lastVoteNanos = 0;
        gas = 0;
        write(() -> db.roundOpened(runId, round, openedAt));
        next.onRoundOpened(round);
    }

    @Override
    public void onClientEpoch(int round, int client, int epoch, double loss, double accuracy) {
        write(() -> db.recordEpoch(runId, round, client, epoch, loss, accuracy));
        next.onClientEpoch(round, client, epoch, loss, accuracy);
    }

    @Override
    public void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {
        trainSeconds += seconds;
        next.onClientTrained(round, client, numSamples, epochs, seconds);
    }

    @Override
    public void onDevice(String device, String warning) {
        write(() -> db.setDevice(runId, device));
        next.onDevice(device, warning);
    }

    @Override
    public void onUpdateSubmitted(int round, RunReport.UpdateRecord update) {
        lastUpdateNanos = System.nanoTime();
        gas += update.gasUsed();
        Integer client = clientIndex.get(update.client().toLowerCase(Locale.ROOT));
        write(() -> {
            db.recordTransaction(runId, new RunRecord.TxRow(round, "update", update.client(), update.cid(),
                    update.numSamples(), update.txHash(), update.gasUsed()));
            db.names().name(new ContentName(update.cid(), "run " + runId + " · round " + round + " · update of client "
                    + (client == null ? "?" : client + 1), ContentName.UPDATE, runId, round, client));
        });
        next.onUpdateSubmitted(round, update);
    }

    @Override
    public void onUpdateRejected(int round, String aggregator, String client, String cid, String reason) {
        next.onUpdateRejected(round, aggregator, client, cid, reason);
    }

    @Override
    public void onUpdateScreened(int round, String aggregator, String client, String cid, String verdict,
                                 boolean suspected, String reason) {
        next.onUpdateScreened(round, aggregator, client, cid, verdict, suspected, reason);
    }

    @Override
    public void onProposed(int round, RunReport.ProposalRecord proposal) {
        lastVoteNanos = System.nanoTime();
        gas += proposal.gasUsed();
        write(() -> db.recordTransaction(runId, new RunRecord.TxRow(round, "proposal", proposal.aggregator(),
                proposal.cid(), null, proposal.txHash(), proposal.gasUsed())));
        next.onProposed(round, proposal);
    }

    @Override
    public void onVoted(int round, RunReport.VoteRecord vote) {
        lastVoteNanos = System.nanoTime();
        gas += vote.gasUsed();
        write(() -> db.recordTransaction(runId, new RunRecord.TxRow(round, "vote", vote.voter(), vote.cid(), null,
                vote.txHash(), vote.gasUsed())));
        next.onVoted(round, vote);
    }

    @Override
    public void onTransaction(int round, RunReport.TransactionRecord t) {
        gas += t.gasUsed();
        write(() -> db.recordTransaction(runId, new RunRecord.TxRow((int) t.forRound(), t.kind(), t.sender(), t.cid(),
                null, t.txHash(), t.gasUsed())));
        next.onTransaction(round, t);
    }

    @Override
    public void onRoundFinalized(RunReport.RoundReport r) {
        long now = System.nanoTime();
        long voted = lastVoteNanos == 0 ? lastUpdateNanos : lastVoteNanos;
        double submit = Math.max(0, (lastUpdateNanos - openedNanos) / 1e9 - trainSeconds);
        RunRecord.RoundRow row = new RunRecord.RoundRow(r.round(), openedAt, clock.instant(), r.globalModelCid(),
                Double.isNaN(r.testAccuracy()) ? null : r.testAccuracy(), r.testLoss(), r.testRmse(), r.testMae(),
                r.testR2(), r.finalizedBlock(), gas, trainSeconds, submit, Math.max(0, (voted - lastUpdateNanos) / 1e9),
                Math.max(0, (now - voted) / 1e9), r.epsilon());
        write(() -> {
            db.roundFinalized(runId, row);
            db.names().name(new ContentName(r.globalModelCid(), "run " + runId + " · round " + r.round() + " · global model",
                    ContentName.GLOBAL_MODEL, runId, r.round(), null));
        });
        next.onRoundFinalized(r);
    }

    @Override
    public void onTaskAbandoned(long taskId, long blockNumber) {
        next.onTaskAbandoned(taskId, blockNumber);
    }

    @Override
    public void onBlock(long blockNumber) {
        next.onBlock(blockNumber);
    }

    @Override
    public void onRoundTiming(dev.defl.engine.protocol.RoundTiming timing) {
        next.onRoundTiming(timing);
    }

    private void write(RecordWriter.Write w) {
        writer.write(w);
    }
}
