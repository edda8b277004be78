package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.kubo.PubsubMessage;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.ledger.ParticipantInfo;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.round.RoundAggregation;
import dev.defl.engine.round.UpdateEnvelopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * An aggregator peer: once a round's update set is fixed (submissions full, or the submission deadline passed with at
 * least {@code minUpdates}), it reads the updates from the contract in submission order (UpdateSubmitted events
 * checked against the on-chain updates hash), fetches each CID (every block hash-verified), aggregates them from the
 * round's global model with the task's strategy (bit-reproducible), adds the aggregate to IPFS, announces
 * {@code AGG:<round>:<cid>} and votes for it: {@code propose} when no one proposed that CID yet, else {@code vote}.
 * Honest aggregators compute the same CID, so theirs reaches the quorum; a wrong proposal collects only its
 * proposer's vote.
 *
 * <p>It also applies passed deadlines ({@code closeRound}: too few updates, or no quorum in time), so a task never
 * stalls on a missing peer. Server state of a stateful strategy (FedAvgM, FedAdam, …) advances once per finalized
 * round: with the aggregator's own computation when the round finalized its CID, else by recomputing the round
 * honestly from the chain (also how a restarted or late aggregator rebuilds it, from round 1).
 *
 * <p>Private task ({@code TaskParams.privateUpdates}): once registered, the aggregator publishes its public key
 * ({@link #ensureKeyPublished}: a {@link KeyStatement} signed by its account, sent with {@code publishKey} unless the
 * chain's log already has it, so a restart does not send it again), and opens every update with its account key
 * ({@link UpdateEnvelopes#opener}). An update it cannot open is left out of the aggregate, logged at ERROR naming the
 * CID and the client and reported ({@link NodeListener#onUpdateRejected}); the round goes on with the others.
 *
 * <p>Merkle mode ({@code TaskParams.merkleMode}): while the round is open the aggregator collects the clients' signed
 * updates (pubsub {@code SIG:} announcements, or the process's shared {@link SignedUpdatePool}), rejects and names
 * those whose signature does not recover to a registered client, and commits the manifest and Merkle root by the rule
 * of {@link MerkleCommitter}; the first commitment wins and the others adopt it. It then aggregates exactly the
 * committed manifest's updates in manifest order ({@link RoundAggregation#updates}, every leaf checked again) and
 * proposes or votes as in per-update mode; a committed manifest with a bad leaf is not voted for (logged naming the
 * client, {@link #failure}).
 *
 * <p>{@code dishonest} is fault injection for demonstrations and tests: the aggregate it proposes has every weight
 * shifted by +0.5, so its CID differs from the honest one.
 */
public final class AggregatorNode extends TaskNode {
    private static final Logger log = LoggerFactory.getLogger(AggregatorNode.class);

    private final boolean dishonest;
    private final ExecutorService prefetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "defl-prefetch");
        t.setDaemon(true);
        return t;
    });
    private AggregationStrategy strategy;
    private boolean stateful;
    private RoundAggregation aggregation;
    /** Rounds whose effect on the server state is applied (the finalized ones among 1..stateRound). */
    private long stateRound;
    /** The global model after {@link #stateRound}. */
    private Cid stateModel;
    /** Per round: the aggregate this node computed and the strategy copy that computed it. */
    private final Map<Long, Computed> computed = new HashMap<>();
    private final Map<Long, String> failedRounds = new LinkedHashMap<>();
    private boolean keyPublished;
    private MerkleCommitter merkle;

    /** This node's aggregate of a round ({@code cid}), the global model it started from, the strategy copy that made it. */
    private record Computed(Cid cid, Cid base, AggregationStrategy working) {}

    /**
     * @param dishonest propose a wrong aggregate (fault injection; see the class comment)
     * @throws IOException if the checkpoint directory cannot be created
     */
    public AggregatorNode(TaskContract contract, long taskId, Credentials account, NetworkContent content, Path nodeDir,
                          NodeOptions options, NodeListener listener, boolean dishonest) throws IOException {
        super(contract, taskId, account, content, nodeDir, options, listener, log);
        this.dishonest = dishonest;
    }

    @Override
    public Role role() {
        return Role.AGGREGATOR;
    }

    /**
     * Why this aggregator could not aggregate {@code round} (the strategy rejected the round's updates, so it did not
     * vote), if it could not.
     */
    public Optional<String> failure(long round) {
        return Optional.ofNullable(failedRounds.get(round));
    }

    @Override
    protected void onAnnouncement(Announcement a, PubsubMessage message) {
        if (a.kind() == Announcement.Kind.SIGNED) { // Merkle mode: a client's signed update, for our manifest
            prefetcher.execute(() -> {
                try {
                    SignedUpdate u = SignedUpdate.fromJson(content.catBytes(a.cid(), SignedUpdate.MAX_BYTES));
                    if (u.round() != a.round()) {
                        log.warn("announced signed update {} is for round {}, not {}; ignored", a.cid(), u.round(), a.round());
                        return;
                    }
                    signedUpdates.offer(u, contract.chain().chainId(), contract.address(), taskId)
                            .ifPresent(x -> log.warn("signed update {} of {} refused: {}", a.cid(), x.client(), x.reason()));
                    content.prefetch(u.cid());
                } catch (IOException | RuntimeException e) {
                    log.warn("cannot use the announced signed update {} of round {}: {}", a.cid(), a.round(), e.getMessage());
                }
            });
            return;
        }
        if (a.kind() == Announcement.Kind.UPDATE) {
            prefetcher.execute(() -> {
                try {
                    content.prefetch(a.cid());
                    log.debug("prefetched announced update {} of round {}", a.cid(), a.round());
                } catch (IOException | RuntimeException e) {
                    log.debug("prefetching announced {} failed (it is fetched again when on chain): {}", a.cid(),
                            e.getMessage());
                }
            });
        }
    }

    /**
     * Private task: makes sure this aggregator's public key is on chain. Joins the task if needed; once the account is a
     * registered aggregator, reads the task's {@code AggregatorKeyPublished} events and, unless its own is among them,
     * sends {@code publishKey} with a {@link KeyStatement} signed by the account. Does nothing for a public task or once
     * the key is known to be published.
     *
     * @return whether the key is on chain (true for a public task); false while the account is not yet an aggregator
     * @throws IOException as {@link #join()}
     * @throws dev.defl.engine.ledger.ContractRevertException when the contract refuses the key (other than
     *     KeyAlreadyPublished, which counts as published)
     */
    public boolean ensureKeyPublished() throws IOException {
        join();
        if (keyPublished || !task.params().privateUpdates()) return true;
        if (!contract.participant(taskId, address()).roles().contains(Role.AGGREGATOR)) return false;
        if (contract.publishedKeys(taskId).stream().anyMatch(k -> k.aggregator().equalsIgnoreCase(address()))) {
            log.info("our public key is already published for task {}", taskId);
        } else {
            KeyStatement statement = KeyStatement.sign(account);
            try {
                TxResult tx = contract.publishKey(account, taskId, statement.publicKey(), statement.signature());
                log.info("published our public key for task {} in block {} (tx {}, {} gas)", taskId, tx.blockNumber(),
                        tx.txHash(), tx.gasUsed());
                listener.onKeyPublished(tx);
            } catch (RuntimeException e) {
                if (!reverted(e, "KeyAlreadyPublished")) throw e;
                log.info("our public key is already published for task {}", taskId);
            }
        }
        keyPublished = true;
        return true;
    }

    /** The strategy and the round aggregation, made at the first step (the node has joined). */
    private void initStrategy() {
        if (strategy != null) return;
        strategy = "fltrust".equals(document.strategy().name())
                ? new dev.defl.engine.learning.FlTrust(loadRootModel()) : document.strategy().create();
        stateful = strategy.isStateful();
        stateModel = task.params().initialModel();
        aggregation = new RoundAggregation(contract, taskId, fetcher, metadata);
        if (task.params().privateUpdates()) aggregation.withOpener(UpdateEnvelopes.opener(account.getEcKeyPair()));
        if (document.dp() != null && document.dp().adaptive()) {
            aggregation.withAdaptiveClipping(document.dp().adaptiveClipping(
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, task.params().clientsPerRound()))), document.dp().clipNorm());
        }
        if (dishonest) log.warn("DISHONEST aggregator (fault injection): proposals are shifted by +0.5");
    }

    private RootModel loadRootModel() {
        try {
            RootModel root = RootModel.load(document, model, content);
            log.info("fltrust: root dataset {} of {} rows", document.strategy().rootDataset(), root.rows().size());
            return root;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("fltrust: cannot fetch the root dataset "
                    + document.strategy().rootDataset() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Computes this aggregator's aggregate of the task's current round ahead of its next step, when the round's update
     * set is fixed (per-update mode: submissions full, or closed at their deadline with enough updates) and this node
     * has not voted in it: the same chain reads, fetches and verification as the step's own computation, whose result
     * the next {@link #stepOnce} then proposes or votes for. Sends no transaction and applies no deadline, so a driver of
     * several aggregators (the one-process {@code defl run}) may run it for the later ones on other threads while the
     * first one steps (one call at a time per node, never during this node's step). Does nothing in a Merkle-mode round
     * (its update set is the commitment a step makes or adopts), for a private task before this node's key is published,
     * or when the aggregate is already computed or the strategy refused the round.
     *
     * @return whether this node now holds its aggregate of the round
     * @throws IOException when content or checkpoints fail
     * @throws IllegalArgumentException as {@link #join()}
     */
    public boolean precompute() throws IOException {
        join();
        initStrategy();
        TaskInfo t = contract.task(taskId);
        if (t.status() != TaskInfo.Status.ACTIVE) return false;
        if (t.params().privateUpdates() && !keyPublished) return false;
        long r = t.currentRound();
        if (computed.containsKey(r)) return true;
        if (failedRounds.containsKey(r)) return false;
        RoundInfo info = contract.round(taskId, r);
        if (info.merkleMode()) return false;
        long head = contract.chain().blockNumber();
        boolean fixed = info.state() == RoundInfo.State.AGGREGATING || info.state() == RoundInfo.State.VOTING
                || info.state() == RoundInfo.State.OPEN && head >= info.submissionDeadline()
                && info.updateCount() >= t.params().minUpdates();
        if (!fixed || info.state() != RoundInfo.State.OPEN && head >= info.voteDeadline()) return false;
        ParticipantInfo me = contract.participant(taskId, address());
        if (!me.roles().contains(Role.AGGREGATOR) || me.lastVotedRound() == r) return false;
        task = t;
        return computeRound(t, r) != null;
    }

    @Override
    protected boolean step(BooleanSupplier stop) throws IOException {
        initStrategy();
        TaskInfo t = contract.task(taskId);
        task = t;
        if (t.status() == TaskInfo.Status.COMPLETED || t.status() == TaskInfo.Status.ABANDONED) {
            prefetcher.shutdownNow();
            return true;
        }
        ensureKeyPublished(); // private task: before the clients need it, so before waiting for their updates
        long r = t.currentRound();
        RoundInfo info = contract.round(taskId, r);
        long head = contract.chain().blockNumber();
        if (applyDeadline(r, info, head)) return false;
        if (info.merkleMode() && info.state() == RoundInfo.State.OPEN) {
            if (!contract.participant(taskId, address()).roles().contains(Role.AGGREGATOR)) {
                status(address() + " is not an aggregator of task " + taskId + "; waiting for the task creator to add it");
                return false;
            }
            if (merkle == null) {
                merkle = new MerkleCommitter(contract, taskId, account, content, listener);
                if (!announcer.enabled() && !sharedSignedUpdates) {
                    log.warn("task {} runs in Merkle mode but this aggregator has no IPFS node for pubsub: it cannot "
                            + "receive the clients' signed updates, so it can only adopt a commitment another aggregator "
                            + "makes (give it --ipfs)", taskId);
                }
            }
            MerkleCommitter.Outcome outcome = merkle.step(t, r, info, head, signedUpdates);
            if (outcome == MerkleCommitter.Outcome.WAITING) {
                status(merkle.status());
                return false;
            }
            info = contract.round(taskId, r); // committed, by us or by another aggregator: aggregate its manifest now
            head = contract.chain().blockNumber();
        }
        boolean fixed = info.state() == RoundInfo.State.AGGREGATING || info.state() == RoundInfo.State.VOTING
                || info.state() == RoundInfo.State.OPEN && head >= info.submissionDeadline()
                && info.updateCount() >= t.params().minUpdates();
        if (!fixed) {
            // no head block in the text: the status, logged when it changes, changes with the updates, not every block
            status("round " + r + ": " + info.updateCount() + "/" + info.maxUpdates() + " updates; waiting for the"
                    + " submissions to close (at most until block " + info.submissionDeadline() + ")");
            return false;
        }
        ParticipantInfo me = contract.participant(taskId, address());
        if (!me.roles().contains(Role.AGGREGATOR)) {
            status(address() + " is not an aggregator of task " + taskId + "; waiting for the task creator to add it");
            return false;
        }
        Optional<RoundCheckpoint> saved = checkpoints.round(r);
        if (me.lastVotedRound() == r) {
            if (saved.isPresent() && saved.get().phase() == RoundCheckpoint.Phase.AGGREGATED) {
                save(saved.get().advance(RoundCheckpoint.Phase.VOTED, null));
                log.info("round {}: the chain already has our vote; not sending it again", r);
            }
            status("round " + r + ": voted; waiting for the quorum of " + t.params().quorum());
            return false;
        }
        if (failedRounds.containsKey(r)) return false;

        Computed mine = computed.get(r);
        if (mine == null) {
            mine = computeRound(t, r);
            if (mine == null) return false;
        }
        Cid base = mine.base();
        announcer.announce(new Announcement(Announcement.Kind.PROPOSAL, r, mine.cid()));
        boolean exists = !contract.proposalVoters(taskId, r, mine.cid()).isEmpty();
        TxResult tx;
        try {
            tx = exists ? contract.vote(account, taskId, r, mine.cid()) : contract.propose(account, taskId, r, mine.cid());
        } catch (RuntimeException e) {
            if (reverted(e, "AlreadyVoted")) {
                log.info("round {}: the chain already has our vote", r);
                return false;
            }
            if (reverted(e, "RoundNotActive", "WrongRound", "VotingClosed")) {
                status("round " + r + ": ended before our vote (" + e.getMessage() + ")");
                return false;
            }
            if (reverted(e, "UnknownProposal")) return false; // raced a state change: look again at the next poll
            throw e;
        }
        save(new RoundCheckpoint(r, RoundCheckpoint.Phase.VOTED, t.modelRound(), base.toString(),
                mine.cid().toString(), 0, tx.txHash()));
        listener.onVoted(r, mine.cid(), !exists, tx);
        log.info("round {}: {} {} in block {} (tx {}, {} gas)", r, exists ? "voted for" : "proposed", mine.cid(),
                tx.blockNumber(), tx.txHash(), tx.gasUsed());
        return false;
    }

    /**
     * Closes a round whose deadline passed without progress (too few updates by the submission deadline, or no quorum
     * by the vote deadline): {@code closeRound}, which anyone may call.
     *
     * @return whether it acted
     */
    private boolean applyDeadline(long r, RoundInfo info, long head) {
        // Merkle mode: an open round can still be committed until the vote deadline
        boolean tooFew = info.state() == RoundInfo.State.OPEN && (info.merkleMode() ? head >= info.voteDeadline()
                : head >= info.submissionDeadline() && info.updateCount() < task.params().minUpdates());
        boolean noQuorum = (info.state() == RoundInfo.State.AGGREGATING || info.state() == RoundInfo.State.VOTING)
                && head >= info.voteDeadline();
        if (!tooFew && !noQuorum) return false;
        try {
            TxResult tx = contract.closeRound(account, taskId, r);
            log.warn("round {}: closed at its deadline ({}) in block {}", r,
                    tooFew ? info.updateCount() + " updates, " + task.params().minUpdates() + " needed" : "no quorum",
                    tx.blockNumber());
        } catch (RuntimeException e) {
            if (!reverted(e, "SubmissionsOpen", "VotingOpen", "RoundNotActive")) throw e;
        }
        return true;
    }

    /**
     * Computes and records ({@link #computed}, checkpoint {@code AGGREGATED}) this node's aggregate of round {@code r}
     * of the task as {@code t} shows it, after advancing the server state.
     *
     * @return the aggregate, or null when the strategy rejects the round's updates (recorded in {@link #failedRounds})
     */
    private Computed computeRound(TaskInfo t, long r) throws IOException {
        advanceState(t);
        Cid base = globalCid(t);
        Computed mine;
        try {
            mine = aggregate(r, base, t.modelRound());
        } catch (IllegalArgumentException e) { // the strategy rejects the updates: no honest aggregate exists
            failedRounds.put(r, e.getMessage());
            log.error("round {}: cannot aggregate the round's updates, not voting: {}", r, e.getMessage());
            return null;
        }
        computed.put(r, mine);
        save(new RoundCheckpoint(r, RoundCheckpoint.Phase.AGGREGATED, t.modelRound(), base.toString(),
                mine.cid().toString(), 0, null));
        return mine;
    }

    /** This node's aggregate of round {@code r} from {@code base}: computed on a copy of the server state. */
    private Computed aggregate(long r, Cid base, long baseRound) throws IOException {
        status("round " + r + ": aggregating with " + document.strategy());
        long t0 = System.nanoTime();
        SafetensorsFile global = fetcher.fetch(base, "global model of round " + baseRound);
        AggregationStrategy working = strategy.copy();
        RoundAggregation.Aggregate aggregate = aggregation.aggregate(r, global.weights(), global.metadata(), working);
        for (RoundAggregation.RejectedUpdate rejected : aggregate.rejected()) {
            log.error("round {}: left out of the aggregate: {}", r, rejected.reason());
            listener.onUpdateRejected(r, rejected.client(), rejected.cid(), rejected.reason());
        }
        for (var screened : aggregate.screened()) {
            log.info("round {}: screening: client {} {}: {}", r, screened.client(),
                    screened.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '), screened.reason());
            listener.onUpdateScreened(r, screened);
        }
        Cid cid = content.add(dishonest ? SafetensorsCodec.encode(shifted(aggregate.weights()), metadata) : aggregate.file());
        long nanos = System.nanoTime() - t0;
        listener.onAggregated(r, aggregate.updates(), java.time.Duration.ofNanos(nanos));
        log.info("round {}: aggregated {} updates in {} s: {}{}", r, aggregate.updates(),
                String.format(Locale.ROOT, "%.2f", nanos / 1e9), cid, dishonest ? " (DISHONEST)" : "");
        return new Computed(cid, base, working);
    }

    /**
     * Advances the server state of a stateful strategy over the rounds finalized since the last advance: this node's
     * own computation when the round finalized it, else an honest recomputation from the chain.
     */
    private void advanceState(TaskInfo t) throws IOException {
        if (!stateful) return;
        for (long rr = stateRound + 1; rr <= t.modelRound(); rr++) {
            RoundInfo info = contract.round(taskId, rr);
            if (info.state() != RoundInfo.State.FINALIZED || info.globalModel().isEmpty()) continue;
            Cid finalized = info.globalModel().get();
            Computed own = computed.get(rr);
            if (own != null && own.cid().equals(finalized) && !dishonest) {
                strategy = own.working();
            } else {
                AggregationStrategy working = strategy.copy();
                aggregation.aggregate(rr, fetchModel(stateModel, "global model before round " + rr), working);
                strategy = working;
                log.info("round {}: server state of {} rebuilt from the chain", rr, document.strategy());
            }
            stateModel = finalized;
        }
        stateRound = Math.max(stateRound, t.modelRound());
        computed.keySet().removeIf(k -> k <= stateRound);
    }

    private static ModelWeights shifted(ModelWeights w) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : w.tensors().entrySet()) {
            float[] v = e.getValue().values();
            for (int i = 0; i < v.length; i++) v[i] += 0.5f;
            out.put(e.getKey(), new Tensor(e.getValue().shape(), v));
        }
        return new ModelWeights(out);
    }
}
