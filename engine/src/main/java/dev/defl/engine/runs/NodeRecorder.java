package dev.defl.engine.runs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.network.NodeListener;
import dev.defl.engine.network.TaskDocument;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps one node's part in a task (a client or an aggregator joined with {@code defl node} or from the Network pane)
 * in the run database: a run of kind {@link RunKind#CLIENT} or {@link RunKind#AGGREGATOR} with the task's parameters
 * from its spec document, the rounds the node saw open and finalize, its own updates, proposals and votes, and a
 * client's local epochs. The run ends {@code finished} when the task completes, {@code stopped} when it is abandoned
 * or the node is closed first ({@link #close}). A database failure is logged once and never stops the node.
 */
public final class NodeRecorder implements NodeListener, AutoCloseable {

    private final RunDatabase db;
    private final long runId;
    private final RunKind kind;
    private final String address;
    private boolean ended;
    private final RecordWriter writer;
    private Instant openedAt;

    private NodeRecorder(RunDatabase db, long runId, RunKind kind, String address) {
        this.db = db;
        this.runId = runId;
        this.writer = new RecordWriter(kind.label() + " run " + runId);
        this.kind = kind;
        this.address = address;
    }

    /**
     * Adds the node's run (status {@code running}) and labels its account "run ID · client" or "run ID · aggregator".
     *
     * @param kind     {@link RunKind#CLIENT} or {@link RunKind#AGGREGATOR}
     * @param document the task's spec document, or null where it could not be read (an aggregator's parameters are
     *                 then left empty)
     * @param dataset  the client's dataset name, or null
     * @param device   the client's device, or null
     * @param address  the node's account
     * @throws IOException when the run cannot be added
     */
    public static NodeRecorder start(RunDatabase db, RunKind kind, long chainId, String contract, long taskId,
                                     TaskDocument document, String dataset, String device, String address)
            throws IOException {
        if (kind == RunKind.EXPERIMENT) throw new IllegalArgumentException("a node is a client or an aggregator");
        RunParams params = new RunParams(kind, ExperimentParams.family(dataset), null, null, null, null,
                document == null ? null : ExperimentParams.modelName(document.model()),
                document == null ? null : document.strategy().name(),
                document == null ? null : document.strategy().toTaskSpec(), null, null, null, null,
                document == null ? null : document.localEpochs(), document == null ? null : document.batchSize(),
                document == null ? null : document.learningRate(), document == null ? null : document.seed(), device, null);
        long id = db.startRun(null, params, Instant.now());
        db.setTask(id, chainId, contract, taskId, null, null, List.of(), List.of());
        db.names().deriveLabel(address, "run " + id + " · " + kind.label(), id);
        db.fire(RunDatabase.Change.LABELS);
        return new NodeRecorder(db, id, kind, address);
    }

    /** The node's run id. */
    public long runId() {
        return runId;
    }

    @Override
    public void onEvents(List<TaskEvent> events, long lastSeenBlock) {
        for (TaskEvent e : events) {
            switch (e) {
                case TaskEvent.RoundOpened o -> {
                    openedAt = Instant.now();
                    write(() -> db.roundOpened(runId, (int) o.round(), openedAt));
                }
                case TaskEvent.RoundFinalized f -> write(() -> {
                    db.roundFinalized(runId, new RunRecord.RoundRow((int) f.round(), null, Instant.now(), f.cid().toString(),
                            null, null, null, null, null, f.blockNumber(), null, null, null, null, null));
                    db.names().name(new ContentName(f.cid().toString(), "run " + runId + " · round " + f.round() + " · global model",
                            ContentName.GLOBAL_MODEL, runId, (int) f.round(), null));
                });
                case TaskEvent.TaskCompleted c -> end(RunStatus.FINISHED);
                case TaskEvent.TaskAbandoned a -> end(RunStatus.STOPPED);
                default -> { }
            }
        }
    }

    @Override
    public void onEpoch(long round, int epoch, double loss, double accuracy) {
        write(() -> db.recordEpoch(runId, (int) round, 0, epoch, loss, accuracy));
    }

    @Override
    public void onTrained(long round, long samples, int epochs, Duration time) {
        // the time is in the epochs' rows' round; nothing else to keep
    }

    /** Merkle mode: the signed update is the client's update of the round; there is no transaction. */
    @Override
    public void onUpdateSigned(long round, Cid update, long numSamples, Cid statement) {
        onUpdateSubmitted(round, update, numSamples, null);
    }

    @Override
    public void onUpdateSubmitted(long round, Cid update, long numSamples, TxResult tx) {
        write(() -> {
            db.recordTransaction(runId, new RunRecord.TxRow((int) round, "update", address,
                    update.toString(), numSamples, tx == null ? null : tx.txHash(), tx == null ? null : tx.gasUsed()));
            db.names().name(new ContentName(update.toString(), "run " + runId + " · round " + round + " · update",
                    ContentName.UPDATE, runId, (int) round, null));
        });
    }

    @Override
    public void onVoted(long round, Cid aggregate, boolean proposed, TxResult tx) {
        write(() -> db.recordTransaction(runId, new RunRecord.TxRow((int) round, proposed ? "proposal" : "vote",
                address, aggregate.toString(), null, tx == null ? null : tx.txHash(),
                tx == null ? null : tx.gasUsed())));
    }

    @Override
    public void onUpdatesCommitted(long round, Cid manifest, int updates, TxResult tx) {
        write(() -> db.recordTransaction(runId, new RunRecord.TxRow((int) round, "commit", address, manifest.toString(),
                null, tx.txHash(), tx.gasUsed())));
    }

    @Override
    public void onRewardClaimed(long round, Cid update, TxResult tx) {
        write(() -> db.recordTransaction(runId, new RunRecord.TxRow((int) round, "claim", address, update.toString(),
                null, tx.txHash(), tx.gasUsed())));
    }

    private synchronized void end(RunStatus status) {
        if (ended) return;
        ended = true;
        write(() -> db.finishRun(runId, status, null, Instant.now()));
    }

    /** Ends the run {@code stopped} unless the task already completed or was abandoned. */
    @Override
    public void close() {
        end(RunStatus.STOPPED);
    }

    private void write(RecordWriter.Write w) {
        writer.write(w);
    }
}
