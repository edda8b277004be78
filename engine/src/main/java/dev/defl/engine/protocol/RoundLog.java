package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.network.NodeListener;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.IntFunction;

/**
 * What the roles of a one-process run ({@link FederatedExperiment}) report during one round, turned into the run's
 * listener calls and report records: the node listeners of the clients and aggregators (called on the driver thread,
 * inside their steps; calls from other threads are queued for it). One instance serves the whole run,
 * {@link #begin} resets it for each round.
 */
final class RoundLog {
    private final RunListener listener;
    /** Client {@code i}'s queue of listener calls made on its worker thread, run later on the driver thread. */
    private final IntFunction<Queue<Runnable>> clientEvents;

    final List<UpdateRecord> updates = new ArrayList<>();
    final List<ProposalRecord> proposals = new ArrayList<>();
    final List<VoteRecord> votes = new ArrayList<>();
    final List<RunReport.TransactionRecord> otherTransactions = new ArrayList<>();
    TaskEvent.RoundFinalized finalized;
    long trainingNanos, aggregationNanos, samplesTrained;
    /** {start, end} (System.nanoTime) of each client's training in the round. */
    final List<long[]> trainingIntervals = new ArrayList<>();

    /**
     * @param listener     the run's listener
     * @param clientEvents client {@code i}'s queue of listener calls made on its worker thread (the driver runs them)
     */
    RoundLog(RunListener listener, IntFunction<Queue<Runnable>> clientEvents) {
        this.listener = listener;
        this.clientEvents = clientEvents;
    }

    /** Wall time during which at least one client trained: the union of {@link #trainingIntervals}. */
    long trainingWallNanos() {
        List<long[]> sorted = new ArrayList<>(trainingIntervals);
        sorted.sort(java.util.Comparator.comparingLong(iv -> iv[0]));
        long total = 0, start = Long.MIN_VALUE, end = Long.MIN_VALUE;
        for (long[] iv : sorted) {
            if (iv[0] > end) {
                if (end > start) total += end - start;
                start = iv[0];
                end = iv[1];
            } else {
                end = Math.max(end, iv[1]);
            }
        }
        if (end > start) total += end - start;
        return total;
    }

    /** The round running now (its transactions are reported under it). */
    int round;

    void begin(int round) {
        this.round = round;
        updates.clear();
        proposals.clear();
        votes.clear();
        otherTransactions.clear();
        finalized = null;
        trainingNanos = aggregationNanos = samplesTrained = 0;
        trainingIntervals.clear();
    }

    /** Records and reports a commitment or a claim mined during this round (on the driver thread). */
    void other(RunReport.TransactionRecord transaction) {
        otherTransactions.add(transaction);
        listener.onTransaction(round, transaction);
    }

    NodeListener client(int index, String address) {
        return new NodeListener() {
            // onEpoch and onTrained come from a client worker: queued for the driver thread (drain)
            @Override
            public void onEpoch(long round, int epoch, double loss, double accuracy) {
                clientEvents.apply(index).add(() -> listener.onClientEpoch((int) round, index, epoch, loss, accuracy));
            }

            @Override
            public void onTrained(long round, long samples, int epochs, java.time.Duration time) {
                long end = System.nanoTime();
                clientEvents.apply(index).add(() -> {
                    trainingNanos += time.toNanos();
                    samplesTrained += samples * epochs;
                    trainingIntervals.add(new long[] {end - time.toNanos(), end});
                    listener.onClientTrained((int) round, index, samples, epochs, time.toNanos() / 1e9);
                });
            }

            @Override
            public void onUpdateSigned(long round, Cid update, long numSamples, Cid statement) {
                UpdateRecord record = MerkleRun.record(address, update, numSamples);
                updates.add(record);
                listener.onUpdateSubmitted((int) round, record);
            }

            @Override
            public void onRewardClaimed(long claimed, Cid update, TxResult tx) {
                listener.onBlock(tx.blockNumber());
                other(new RunReport.TransactionRecord("claim", address, update.toString(), claimed, tx.txHash(),
                        tx.gasUsed()));
            }

            @Override
            public void onUpdateSubmitted(long round, Cid update, long numSamples, TxResult tx) {
                listener.onBlock(tx.blockNumber());
                UpdateRecord record = new UpdateRecord(address, update.toString(), numSamples, tx.txHash(),
                        tx.gasUsed());
                updates.add(record);
                listener.onUpdateSubmitted((int) round, record);
            }
        };
    }

    /**
     * Per aggregator address: its calls made while it computed ahead on another thread, for the driver thread
     * ({@link #drainAggregatorEvents}).
     */
    private final java.util.Map<String, java.util.concurrent.ConcurrentLinkedQueue<Runnable>> aggregatorEvents =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs the queued calls of the aggregator {@code address}, in their order, on this thread. */
    void drainAggregatorEvents(String address) {
        var queue = aggregatorEvents.get(address);
        if (queue == null) return;
        for (Runnable event; (event = queue.poll()) != null; ) event.run();
    }

    /** Made on the driver thread: calls from another (the aggregator computing ahead) wait for it. */
    NodeListener aggregator(String address) {
        Thread driver = Thread.currentThread();
        var queue = aggregatorEvents.computeIfAbsent(address, a -> new java.util.concurrent.ConcurrentLinkedQueue<>());
        java.util.function.Consumer<Runnable> onDriver = event -> {
            if (Thread.currentThread() == driver) event.run();
            else queue.add(event);
        };
        return new NodeListener() {
            @Override
            public void onAggregated(long round, int count, java.time.Duration time) {
                onDriver.accept(() -> aggregationNanos += time.toNanos());
            }

            @Override
            public void onUpdateRejected(long round, String client, Cid update, String reason) {
                onDriver.accept(() -> listener.onUpdateRejected((int) round, address, client, update.toString(), reason));
            }

            @Override
            public void onUpdateScreened(long round, dev.defl.engine.round.UpdateScreening.ScreenedUpdate s) {
                onDriver.accept(() -> listener.onUpdateScreened((int) round, address, s.client(), s.cid().toString(),
                        s.verdict().name(), s.suspected(), s.reason()));
            }

            @Override
            public void onUpdatesCommitted(long round, Cid manifest, int count, TxResult tx) {
                onDriver.accept(() -> {
                    listener.onBlock(tx.blockNumber());
                    other(new RunReport.TransactionRecord("commit", address, manifest.toString(), round,
                            tx.txHash(), tx.gasUsed()));
                });
            }

            @Override
            public void onKeyPublished(TxResult tx) {
                listener.onBlock(tx.blockNumber());
            }

            @Override
            public void onVoted(long round, Cid aggregate, boolean proposed, TxResult tx) {
                listener.onBlock(tx.blockNumber());
                if (proposed) {
                    ProposalRecord proposal = new ProposalRecord(address, aggregate.toString(), tx.txHash(),
                            tx.gasUsed());
                    proposals.add(proposal);
                    listener.onProposed((int) round, proposal);
                } else {
                    VoteRecord vote = new VoteRecord(address, aggregate.toString(), tx.txHash(), tx.gasUsed());
                    votes.add(vote);
                    listener.onVoted((int) round, vote);
                }
                for (TaskEvent e : tx.events()) {
                    if (e instanceof TaskEvent.RoundFinalized f && f.round() == round) finalized = f;
                }
            }
        };
    }
}
