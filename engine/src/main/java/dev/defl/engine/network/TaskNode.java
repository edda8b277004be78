package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentException;
import dev.defl.engine.content.kubo.PubsubMessage;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.ledger.ChainUnavailableException;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.round.InvalidModelException;
import dev.defl.engine.round.ModelFetcher;
import org.slf4j.Logger;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One peer of one task, as its own process or window: a client ({@link ClientNode}) or an aggregator
 * ({@link AggregatorNode}) that follows the round protocol of DESIGN.md against a shared chain and IPFS.
 *
 * <p>The chain is the source of truth: every decision reads the contract's state ({@code getTask}, {@code getRound},
 * {@code getParticipant}) at the moment it is taken, and before a transaction the node checks whether the chain
 * already has its submission or vote (a restart never submits twice). Pubsub announcements ({@link TaskAnnouncer})
 * only make peers prefetch content early.
 *
 * <p>Offline rejoin: on start the node reads the task's events since the block that created it and reports how many
 * came after its last seen block ({@link NodeCheckpoints#lastSeenBlock()}: what it missed; later polls read only new
 * blocks), fetches the latest finalized global model by CID and joins the round that is open. Crash recovery: per-round
 * {@link RoundCheckpoint}s, written atomically before and after each step, let a restarted node resume the round.
 *
 * <p>{@link #run} loops until the task completes or {@code stop} says so; chain or IPFS outages and refused transactions
 * (a race with another peer) are logged and retried at the next poll, not fatal.
 */
public abstract sealed class TaskNode permits ClientNode, AggregatorNode {

    /** How {@link #run} ended. */
    public enum Outcome {
        /** The task ended: its last round ended, or its creator abandoned it. */
        COMPLETED,
        /** {@code stop} asked the node to stop. */
        STOPPED
    }

    protected final TaskContract contract;
    protected final long taskId;
    protected final Credentials account;
    protected final NetworkContent content;
    protected final NodeCheckpoints checkpoints;
    protected final NodeListener listener;
    protected final NodeOptions options;
    protected final TaskAnnouncer announcer;
    /** Merkle mode: the signed updates seen (an aggregator's manifest source); shared by the nodes of one process. */
    protected SignedUpdatePool signedUpdates = new SignedUpdatePool();
    /** Whether {@link #signedUpdates} is shared with the other nodes of this process. */
    protected boolean sharedSignedUpdates;
    private final Logger log;

    protected TaskInfo task;
    protected TaskDocument document;
    protected ModelSpec model;
    /** The initial model: every model of the task must have its tensor names and shapes. */
    protected ModelWeights reference;
    /** Reads models of this task by CID, checking them against {@link #reference}. */
    protected ModelFetcher fetcher;
    /** The safetensors metadata of every model of the task (the initial model's). */
    protected Map<String, String> metadata;
    private String lastStatus;
    private boolean caughtUp;
    private boolean joined;

    /** What one {@link #stepOnce} did. */
    public enum Step {
        /** The node looked at the chain and did what it called for (possibly nothing). */
        CONTINUE,
        /** The task ended. */
        COMPLETED,
        /** {@code stop} interrupted the step (training cancelled). */
        STOPPED
    }

    TaskNode(TaskContract contract, long taskId, Credentials account, NetworkContent content, Path nodeDir,
             NodeOptions options, NodeListener listener, Logger log) throws IOException {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.taskId = taskId;
        this.account = Objects.requireNonNull(account, "account");
        this.content = Objects.requireNonNull(content, "content");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.checkpoints = nodeDir == null ? NodeCheckpoints.inMemory()
                : new NodeCheckpoints(nodeDir, options.keepCheckpoints());
        this.log = log;
        this.announcer = new TaskAnnouncer(content.nodes(),
                Announcement.topic(contract.chain().chainId(), contract.address(), taskId));
    }

    /**
     * The directory of one peer's checkpoints under a data directory:
     * {@code <dataDir>/nodes/<chainId>-<contract>-<taskId>-<role>-<address>} (lower case).
     */
    public static Path nodeDirectory(Path dataDir, long chainId, String contract, long taskId, Role role, String address) {
        return dataDir.resolve("nodes").resolve((chainId + "-" + contract + "-" + taskId + "-" + role.name() + "-"
                + address).toLowerCase(Locale.ROOT));
    }

    /**
     * Merkle mode: makes this node use {@code pool} as its off-chain channel for signed updates, shared with the other
     * nodes of the same process ({@code defl run}): a client's signed update lands there directly, besides its pubsub
     * announcement, so the aggregators see it without IPFS pubsub. Call before the first step.
     */
    public final void shareSignedUpdates(SignedUpdatePool pool) {
        this.signedUpdates = Objects.requireNonNull(pool, "pool");
        this.sharedSignedUpdates = true;
    }

    /** The role this node plays. */
    public abstract Role role();

    /** The account's address. */
    public String address() {
        return account.getAddress();
    }

    /** The task's pubsub topic. */
    public String topic() {
        return announcer.topic();
    }

    /** The checkpoints. */
    public NodeCheckpoints checkpoints() {
        return checkpoints;
    }

    /**
     * Runs the node until the task completes or {@code stop} returns true (polled between steps, and by training
     * between mini-batches).
     *
     * @throws IllegalArgumentException when the task does not exist, or its spec document or initial model are
     *     unusable (named)
     * @throws IOException when the checkpoints cannot be written
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public final Outcome run(BooleanSupplier stop) throws IOException, InterruptedException {
        // fetched updates and unpinned aggregates must outlive a GC started meanwhile (the window's IPFS pane)
        try (var lease = content.local().lease("node of task " + taskId + " (" + account.getAddress() + ")")) {
            join();
            while (!stop.getAsBoolean()) {
                try {
                    catchUp();
                    if (step(stop)) {
                        catchUp(); // the last round's summary, when it finalized after this iteration's first look
                        status(contract.task(taskId).status() == dev.defl.engine.ledger.TaskInfo.Status.ABANDONED
                                ? "task " + taskId + " was abandoned by its creator" : "task " + taskId + " completed");
                        return Outcome.COMPLETED;
                    }
                } catch (ChainUnavailableException e) {
                    status("chain unavailable (" + e.getMessage() + "); retrying");
                } catch (ContentException e) {
                    status("IPFS: " + e.getMessage() + "; retrying");
                } catch (dev.defl.engine.ledger.ContractRevertException e) {
                    // e.g. a race with another peer's transaction: the next look at the chain decides again
                    log.warn("transaction refused: {}; looking at the chain again", e.getMessage());
                } catch (Stopped e) {
                    return Outcome.STOPPED;
                }
                sleep(stop);
            }
            return Outcome.STOPPED;
        } finally {
            announcer.close();
        }
    }

    /** Thrown inside a step when {@code stop} interrupted it (training cancelled). */
    protected static final class Stopped extends Exception {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /**
     * One look at the chain and whatever work it calls for.
     *
     * @return true when the task has completed
     */
    protected abstract boolean step(BooleanSupplier stop) throws IOException, Stopped;

    /**
     * One step of a node driven in lockstep by its caller (the one-process {@code defl run}): one look at the chain and
     * the work it calls for, with no polling, no retry and no catch-up of events; every failure propagates. The first
     * call joins the task ({@link #join()}).
     *
     * @throws IllegalArgumentException when the task does not exist or its document or initial model are unusable
     * @throws IOException when content or checkpoints fail
     */
    public final Step stepOnce(BooleanSupplier stop) throws IOException {
        join();
        try {
            return step(stop) ? Step.COMPLETED : Step.CONTINUE;
        } catch (Stopped e) {
            return Step.STOPPED;
        }
    }

    /** Reacts to a parsed announcement (on the subscription's thread). */
    protected void onAnnouncement(Announcement announcement, PubsubMessage message) {
    }

    /**
     * Joins the task (once; later calls do nothing): checks it exists, reads its spec document ({@link TaskDocument})
     * and its initial model, whose tensor names and shapes every model of the task must have, and subscribes to the
     * task's pubsub topic when an IPFS node grants it.
     *
     * @throws IllegalArgumentException when the task does not exist, or its spec document or initial model are
     *     unusable (named), or the document and the chain disagree on private updates
     *     ({@link TaskDocument#requireMatches})
     * @throws IOException when the document or the initial model cannot be read
     */
    public final void join() throws IOException {
        if (joined) return;
        contract.requireTask(taskId);
        task = contract.task(taskId);
        document = TaskDocument.fetch(content, task.params().modelSpec(), task.params().aggregationRule());
        document.requireMatches(task.params().privateUpdates(), "task " + taskId + " on contract " + contract.address());
        model = document.model();
        long parameters = model.parameterShapes().values().stream()
                .mapToLong(shape -> java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum(); // within TaskDocument's limit
        SafetensorsFile initial;
        try {
            initial = new ModelFetcher(content, null, SafetensorsCodec.maxModelFileBytes(parameters))
                    .fetch(task.params().initialModel(), "the initial model of task " + taskId);
        } catch (InvalidModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!initial.weights().matches(model)) {
            throw new IllegalArgumentException("the initial model " + task.params().initialModel() + " of task " + taskId
                    + " does not match its spec " + model + ": tensors " + initial.weights().tensors().keySet());
        }
        reference = initial.weights();
        metadata = initial.metadata();
        fetcher = new ModelFetcher(content, reference, SafetensorsCodec.maxModelFileBytes(parameters));
        if (role() == Role.CLIENT) fetcher = fetcher.uncached(); // reads each global model once
        joined = true;
        var last = checkpoints.latest();
        if (last.isPresent()) {
            log.info("resuming: last checkpoint round {} ({}{})", last.get().round(),
                    last.get().phase().name().toLowerCase(Locale.ROOT), last.get().cid() == null ? "" : ", " + last.get().cid());
        }
        log.info("{} {} joined task {} on contract {} (chain {}): {} rounds, {} per round, quorum {}, {}, E={} B={}; "
                        + "checkpoints in {}", role().name().toLowerCase(Locale.ROOT), address(), taskId,
                contract.address(), contract.chain().chainId(), task.params().rounds(), task.params().clientsPerRound(),
                task.params().quorum(), document.strategy(), document.localEpochs(), document.batchSize(),
                checkpoints.directory());
        if (document.privateUpdates()) {
            log.info("task {} is private: updates are sealed for the aggregators' published keys", taskId);
        }
        announcer.subscribe(this::received).ifPresentOrElse(
                node -> log.info("listening to pubsub topic {} at {}", announcer.topic(), node),
                () -> log.info("pubsub announcements off (no IPFS node granted a subscription to {})", announcer.topic()));
    }

    /**
     * Joins the task with what {@code peer}, a joined node of the same task on the same contract, read when it joined:
     * the spec document, the initial model and the model reader are shared (all read-only; the clients joined from
     * one node share one caching reader, so a round's global model is read and decoded once for all of them), so this
     * makes no chain or content read and holds no model of its own. For a process that runs many nodes of one task (the one-process
     * {@code defl run} with a thousand clients: one initial model in memory, not one per client). Does nothing when
     * already joined.
     *
     * @throws IllegalArgumentException when {@code peer} has not joined, or is a node of another task or contract
     */
    public final void joinAs(TaskNode peer) {
        if (joined) return;
        if (!peer.joined) throw new IllegalArgumentException("node " + peer.address() + " has not joined task " + peer.taskId);
        if (peer.taskId != taskId || !peer.contract.address().equalsIgnoreCase(contract.address())) {
            throw new IllegalArgumentException("node " + peer.address() + " is in task " + peer.taskId + " on "
                    + peer.contract.address() + ", not task " + taskId + " on " + contract.address());
        }
        task = peer.task;
        document = peer.document;
        model = peer.model;
        reference = peer.reference;
        metadata = peer.metadata;
        fetcher = role() == Role.CLIENT ? peer.sharedClientFetcher() : peer.fetcher;
        joined = true;
        log.debug("{} {} joined task {} with {}'s copy of its document and initial model", role().name()
                .toLowerCase(Locale.ROOT), address(), taskId, peer.address());
    }

    /** One caching model reader for every client joined with this node's state ({@link #joinAs}); created at first use. */
    private ModelFetcher sharedClientFetcher;

    private synchronized ModelFetcher sharedClientFetcher() {
        if (sharedClientFetcher == null) sharedClientFetcher = fetcher.cached();
        return sharedClientFetcher;
    }

    private void received(PubsubMessage message) {
        listener.onPubsub(message);
        Announcement a;
        try {
            a = Announcement.parse(message.data());
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a malformed pubsub message from {} on {}: {}", message.from(), announcer.topic(),
                    e.getMessage());
            return;
        }
        log.info("pubsub {} from {}", a, message.from());
        onAnnouncement(a, message);
    }

    /**
     * Reads the task's events since the last seen block (all of them for a new peer, from the block that created the task) and
     * reports them; on the first call after a start this is the offline catch-up.
     */
    private void catchUp() throws IOException {
        long head = contract.chain().blockNumber();
        long seen = checkpoints.lastSeenBlock();
        // the block that created the task (round 1 opened there): a new peer starts there, not at the chain's genesis
        long created = Math.max(0, contract.round(taskId, 1).submissionDeadline() - task.params().submissionBlocks());
        boolean first = !caughtUp;
        // the first read after a start goes back to the task's creation, so the listener gets the whole history
        long from = first ? created : seen + 1;
        if (from > head) return;
        caughtUp = true;
        List<TaskEvent> events = new ArrayList<>();
        for (long lo = from; lo <= head; lo += options.eventPageBlocks()) {
            long hi = Math.min(head, lo + options.eventPageBlocks() - 1);
            for (TaskEvent e : contract.events(lo, hi)) {
                if (concerns(e)) events.add(e);
            }
        }
        if (first) {
            List<String> finalized = new ArrayList<>();
            long missed = 0;
            for (TaskEvent e : events) {
                if (e instanceof TaskEvent.RoundFinalized f) finalized.add(f.round() + " → " + f.cid());
                if (e.blockNumber() > seen) missed++;
            }
            log.info("caught up on blocks {}..{}: {} events of task {}{}{}", from, head, events.size(), taskId,
                    finalized.isEmpty() ? "" : "; finalized rounds " + String.join(", ", finalized),
                    seen < 0 ? "" : "; " + missed + " since the last seen block " + seen);
        }
        if (!first) {
            for (TaskEvent e : events) {
                if (e instanceof TaskEvent.RoundFinalized f) logFinalized(f);
                if (e instanceof TaskEvent.RoundFailed f) {
                    log.warn("round {} failed: {} ({} updates)", f.round(), f.reason().name().toLowerCase(Locale.ROOT)
                            .replace('_', ' '), f.updateCount());
                }
            }
        }
        checkpoints.saveLastSeenBlock(head);
        if (!events.isEmpty()) listener.onEvents(List.copyOf(events), head);
    }

    /**
     * The one-line summary of a finalized round: {@code round N finalized CID in X s, K updates}, X from the block that
     * opened the round to the one that finalized it (block timestamps).
     */
    private void logFinalized(TaskEvent.RoundFinalized f) {
        try {
            RoundInfo round = contract.round(taskId, f.round());
            long opened = Math.max(0, round.submissionDeadline() - task.params().submissionBlocks());
            long seconds = contract.chain().blockTimestamp(f.blockNumber()).getEpochSecond()
                    - contract.chain().blockTimestamp(opened).getEpochSecond();
            log.info("round {} finalized {} in {} s, {} updates, {} votes", f.round(), f.cid(), seconds,
                    round.updateCount(), f.votes());
        } catch (ChainUnavailableException e) {
            log.info("round {} finalized {}, {} votes", f.round(), f.cid(), f.votes());
        }
    }

    private boolean concerns(TaskEvent e) {
        return switch (e) {
            case TaskEvent.TaskCreated x -> x.taskId() == taskId;
            case TaskEvent.ParticipantAdded x -> x.taskId() == taskId;
            case TaskEvent.RoundOpened x -> x.taskId() == taskId;
            case TaskEvent.UpdateSubmitted x -> x.taskId() == taskId;
            case TaskEvent.UpdatesCommitted x -> x.taskId() == taskId;
            case TaskEvent.SubmissionsClosed x -> x.taskId() == taskId;
            case TaskEvent.AggregateProposed x -> x.taskId() == taskId;
            case TaskEvent.VoteCast x -> x.taskId() == taskId;
            case TaskEvent.RoundFinalized x -> x.taskId() == taskId;
            case TaskEvent.RoundFailed x -> x.taskId() == taskId;
            case TaskEvent.TaskCompleted x -> x.taskId() == taskId;
            case TaskEvent.TaskAbandoned x -> x.taskId() == taskId;
            case TaskEvent.UpdateRewarded x -> x.taskId() == taskId;
            case TaskEvent.RewardsClaimed x -> x.taskId() == taskId;
            case TaskEvent.AggregatorKeyPublished x -> x.taskId() == taskId;
            default -> false;
        };
    }

    /** The CID of the global model a round opened now starts from: the latest finalized one (round 0: the initial model). */
    protected Cid globalCid(TaskInfo t) {
        if (t.modelRound() == 0) return t.params().initialModel();
        return contract.globalModel(taskId, t.modelRound()).orElseThrow(() -> new IllegalStateException(
                "task " + taskId + " names round " + t.modelRound() + " as its model round but has no global model for it"));
    }

    /**
     * Fetches and decodes a model by CID, checking its tensors against the initial model's.
     *
     * @throws IOException if it cannot be fetched, is not safetensors, or has other tensors (named with {@code what})
     */
    protected ModelWeights fetchModel(Cid cid, String what) throws IOException {
        return fetcher.weights(cid, what);
    }

    /**
     * Saves a checkpoint; the update or aggregate of a round pruned from the checkpoints is unpinned from the embedded
     * store (its blocks go at the next garbage collection; the IPFS node that published it keeps its own pin).
     */
    protected void save(RoundCheckpoint checkpoint) throws IOException {
        for (RoundCheckpoint old : checkpoints.save(checkpoint)) {
            if (old.cid() == null) continue;
            try {
                content.local().unpin(Cid.parse(old.cid()));
            } catch (dev.defl.engine.content.NotPinnedException e) {
                // not ours to unpin (already unpinned, or pinned under another root)
            }
        }
    }

    /** Reports {@code status} and logs it at INFO when it differs from the last one. */
    protected void status(String status) {
        if (!status.equals(lastStatus)) {
            log.info(status);
            lastStatus = status;
        }
        listener.onStatus(status);
    }

    /** Whether the error name of a revert is one of {@code names}. */
    protected static boolean reverted(RuntimeException e, String... names) {
        if (!(e instanceof dev.defl.engine.ledger.ContractRevertException r)) return false;
        for (String n : names) if (n.equals(r.errorName())) return true;
        return false;
    }

    private void sleep(BooleanSupplier stop) throws InterruptedException {
        long until = System.nanoTime() + options.pollInterval().toNanos();
        while (!stop.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }
}
