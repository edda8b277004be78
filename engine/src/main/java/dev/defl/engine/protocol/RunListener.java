package dev.defl.engine.protocol;

import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;

/**
 * Progress of a federated run, reported from the run's worker thread (never the UI thread: a UI
 * listener must hand values over to its own thread). Every method has an empty default.
 */
public interface RunListener {

    /** A free-text step and the run's overall progress in [0, 1]. */
    default void onProgress(String step, double fraction) {}

    /**
     * The training set was split over the clients (before anything goes on chain).
     *
     * @param summary rows of each class on each client, shape {@code [clients][classes]}
     */
    default void onPartitioned(dev.defl.engine.learning.Partitioner partitioner, dev.defl.engine.learning.PartitionSummary summary) {}

    /** The round contract is deployed and participants registered. */
    default void onStarted(long chainId, String contract, String rpcUrl) {}

    /**
     * The run created task {@code taskId} on {@code contract} (chain {@code chainId}), before its participants
     * register and before {@link #onStarted}; the task the run drives from now on.
     */
    default void onTaskCreated(long chainId, String contract, long taskId) {}

    /** Round {@code round} opened for updates. */
    default void onRoundOpened(int round) {}

    /**
     * Client {@code client} (0-based) finished local epoch {@code epoch} (1-based) of round {@code round}.
     *
     * @param loss     mean training cross-entropy over the epoch
     * @param accuracy training accuracy over the epoch, in [0, 1]
     */
    default void onClientEpoch(int round, int client, int epoch, double loss, double accuracy) {}

    /**
     * Client {@code client} (0-based) finished its local training of round {@code round}.
     *
     * @param numSamples rows it trained on per epoch (its partition size)
     * @param epochs     local epochs E it trained
     * @param seconds    wall time of the training, in seconds; samples/s = numSamples × epochs / seconds
     */
    default void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {}

    /**
     * The device training runs on, once per run before the first round.
     *
     * @param device  DJL device name, e.g. {@code "cpu()"} or {@code "gpu(0)"}
     * @param warning why the requested device was not used (e.g. CUDA asked for but no GPU found), or {@code null}
     */
    default void onDevice(String device, String warning) {}

    /** An update's {@code UpdateSubmitted} event was confirmed on chain. */
    default void onUpdateSubmitted(int round, UpdateRecord update) {}

    /**
     * A private task's aggregator left a client's update out of its aggregate because it could not open it (plaintext,
     * not sealed for it, malformed or tampered envelope); the round goes on without it.
     *
     * @param aggregator the aggregator, 0x-hex
     * @param client     the client that submitted the update, 0x-hex
     * @param cid        the update's CID
     * @param reason     one line naming the CID, the client and the cause
     */
    default void onUpdateRejected(int round, String aggregator, String client, String cid, String reason) {}

    /**
     * An aggregator's screening of {@code round} reports a client's update: discarded or down-weighted by the rule, or
     * a norm outlier ({@link dev.defl.engine.round.UpdateScreening}).
     *
     * @param aggregator the aggregator, 0x-hex
     * @param client     the client, 0x-hex
     * @param verdict    {@code DISCARDED}, {@code DOWN_WEIGHTED} or {@code NORM_OUTLIER}
     * @param suspected  whether it counts against the client ({@link dev.defl.engine.round.UpdateScreening.ScreenedUpdate#suspected})
     * @param reason     one line, e.g. {@code "not selected by krum (…)"}
     */
    default void onUpdateScreened(int round, String aggregator, String client, String cid, String verdict,
                                  boolean suspected, String reason) {}

    /** An {@code AggregateProposed} event was confirmed on chain. */
    default void onProposed(int round, ProposalRecord proposal) {}

    /** A {@code VoteCast} event was confirmed on chain. */
    default void onVoted(int round, VoteRecord vote) {}

    /** Another transaction of round {@code round} was mined (Merkle mode: a commitment or a reward claim). */
    default void onTransaction(int round, RunReport.TransactionRecord transaction) {}

    /** The round's {@code RoundFinalized} event was confirmed and the evaluator scored the global model. */
    default void onRoundFinalized(RoundReport report) {}

    /**
     * The run did not finish (stopped, or failed) and ended its task on chain ({@code abandonTask}) in
     * {@code blockNumber}, so the task is not left active.
     */
    default void onTaskAbandoned(long taskId, long blockNumber) {}

    /**
     * The run's task is set up: it exists on chain (told before by {@link #onTaskCreated}) and its participants are
     * registered; round 1 opens next.
     *
     * @param taskId       the task's id on the contract {@link #onStarted} named
     * @param specCid      CID of the task's spec document
     * @param initialModel CID of the initial global model (safetensors)
     * @param clients      the clients' addresses in registration order (client index order)
     * @param aggregators  the aggregators' addresses in registration order
     */
    default void onTaskReady(long taskId, String specCid, String initialModel, java.util.List<String> clients,
                               java.util.List<String> aggregators) {}

    /** Where round {@code timing.round()}'s wall time went; called just before {@link #onRoundFinalized}. */
    default void onRoundTiming(RoundTiming timing) {}

    /** A new chain head was observed (block number). */
    default void onBlock(long blockNumber) {}
}
