package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.learning.TrainResult;
import dev.defl.engine.learning.TrainingCancelledException;
import dev.defl.engine.learning.privacy.AdaptiveClipping;
import dev.defl.engine.learning.privacy.DpFedAvgClient;
import dev.defl.engine.learning.privacy.DpSetting;
import dev.defl.engine.ledger.ParticipantInfo;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.round.Committee;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A client peer: in every round that is open it trains E local epochs (the task's spec document) on its own data from
 * the latest finalized global model, adds the update (safetensors) to IPFS, announces {@code CID:<round>:<cid>} and
 * submits it ({@code submitUpdate}, one transaction). When the task's document asks for client-level differential
 * privacy ({@link TaskDocument#dp()}), the client clips its update delta and adds Gaussian noise
 * ({@link DpFedAvgClient}) before any {@link UpdateHook}.
 *
 * <p>Private task ({@link TaskDocument#privateUpdates()}, equal to the chain's flag): the client reads the aggregator
 * committee ({@link Committee#read}: registered aggregators and their published, verified keys) before it trains. While
 * some aggregator has no usable key it waits, as long as the round has more than a quarter of its submission window
 * ({@code submissionBlocks / 4}, at least one block) left; after that it seals for those that have one and logs a
 * warning naming the others. It then seals the safetensors update for them ({@link Committee#seal}, after DP and the
 * update hook) and adds, checkpoints, announces and submits the envelope: the CID on chain is the envelope's.
 *
 * <p>Merkle mode ({@code TaskParams.merkleMode}): the client signs its update instead of submitting it and publishes
 * the signed statement off chain ({@link MerkleClient}: content store, {@link SignedUpdatePool}, pubsub
 * {@code SIG:<round>:<cid>}), again (at most every 5 s) at later steps while the round is open; an aggregator
 * commits it with the round's Merkle root. Once a round it signed for finalized, the client proves its leaf for the reward
 * ({@code claimUpdateReward}). A private task's envelope is signed the same way.
 *
 * <p>Restart safety: the trained update is checkpointed ({@link RoundCheckpoint.Phase#TRAINED}) before it is sent;
 * a restarted client reuses it when the round and its base model are unchanged, and first asks the chain
 * ({@code getParticipant().lastSubmittedRound}) whether it already submitted, so it never submits twice. Training is
 * seeded by the task seed, the round and the client's {@code salt}, so an update retrained after a crash has the same
 * CID (not with DP noise, which is drawn from {@link java.security.SecureRandom}; the checkpoint and the chain still keep
 * the client from submitting twice).
 */
public final class ClientNode extends TaskNode {
    private static final Logger log = LoggerFactory.getLogger(ClientNode.class);

    private final LabeledDataset data;
    private final long salt;
    private final LocalTrainer trainer;
    private UpdateHook hook = UpdateHook.HONEST;
    private TrainedObserver trainedObserver = (round, global, weights) -> { };
    private MerkleClient merkle;
    private java.util.function.UnaryOperator<byte[]> envelopeHook = java.util.function.UnaryOperator.identity();

    /**
     * What a client submits given the round's global model and the weights it trained: the trained weights for an
     * honest client. A hook on the client role for fault injection (model poisoning: {@code learning.attack.AttackPlan}),
     * applied before the update is encoded, added and checkpointed.
     */
    @FunctionalInterface
    public interface UpdateHook {
        /** Submits the trained weights unchanged. */
        UpdateHook HONEST = (round, global, trained) -> trained;

        /**
         * @param round   the round
         * @param global  the global model the client trained from
         * @param trained the weights local training produced (same names and shapes)
         * @return the weights to submit (same names and shapes)
         */
        ModelWeights submit(long round, ModelWeights global, ModelWeights trained);
    }

    /**
     * @param contract    the task's contract, sending transactions as {@code account}
     * @param taskId      the task
     * @param account     the client's key (from an encrypted keystore)
     * @param content     the peer's content store on the network
     * @param data        this client's training rows (never leave the peer)
     * @param salt        mixed into the training seed (e.g. the client's partition index)
     * @param trainer     DJL trainer on the chosen device
     * @param nodeDir     checkpoint directory ({@link TaskNode#nodeDirectory})
     * @throws IOException if the checkpoint directory cannot be created
     */
    public ClientNode(TaskContract contract, long taskId, Credentials account, NetworkContent content,
                      LabeledDataset data, long salt, LocalTrainer trainer, Path nodeDir, NodeOptions options,
                      NodeListener listener) throws IOException {
        super(contract, taskId, account, content, nodeDir, options, listener, log);
        this.data = Objects.requireNonNull(data, "data");
        this.salt = salt;
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    /**
     * Told the weights local training produced, on the training thread, as soon as training ends (before DP, the
     * {@link UpdateHook} and encoding). A driver of many clients uses it to let colluding attackers read the round's
     * trained models ({@code protocol.AttackBoard}); not told when a checkpointed update is reused.
     */
    @FunctionalInterface
    public interface TrainedObserver {
        /**
         * @param round   the round
         * @param global  the global model the client trained from
         * @param weights the trained weights (same names and shapes); must not be modified
         */
        void trained(long round, ModelWeights global, ModelWeights weights);
    }

    /** Sets who is told this client's trained weights each round (see {@link TrainedObserver}). */
    public ClientNode withTrainedObserver(TrainedObserver observer) {
        this.trainedObserver = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Sets what this client submits instead of its trained weights (fault injection; see {@link UpdateHook}). */
    public ClientNode withUpdateHook(UpdateHook hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Private task: replaces the sealed update's bytes before they are added and submitted. Fault injection for tests
     * only (a tampered envelope, which the aggregators must reject); an honest client leaves the envelope unchanged.
     */
    public ClientNode withEnvelopeHook(java.util.function.UnaryOperator<byte[]> hook) {
        this.envelopeHook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** This client's training rows. */
    public LabeledDataset data() {
        return data;
    }

    @Override
    public Role role() {
        return Role.CLIENT;
    }

    @Override
    protected boolean step(BooleanSupplier stop) throws IOException, Stopped {
        Turn turn = turn(null, true, null);
        if (turn.completed()) return true;
        if (turn.round() < 0) return false;
        PreparedUpdate prepared;
        try {
            prepared = trainOrResume(turn, stop).finish();
        } catch (TrainingCancelledException e) {
            throw new Stopped();
        }
        if (prepared.signed()) {
            sign(prepared);
            return false;
        }
        announcer.announce(new Announcement(Announcement.Kind.UPDATE, prepared.round(), prepared.update()));
        // The chain decides: a restart may find its update already there.
        if (contract.participant(taskId, address()).lastSubmittedRound() == prepared.round()) {
            markSubmitted(Optional.of(prepared.checkpoint()), prepared.round(), null);
            return false;
        }
        submit(prepared);
        return false;
    }

    /**
     * An update this client trained (or found checkpointed) for a round and added to the content store, not yet
     * submitted: {@link #prepare} makes it, {@link #submit} sends it.
     *
     * @param round      the round
     * @param update     the update's CID (the envelope's in a private task)
     * @param samples    training samples behind it (its FedAvg weight)
     * @param checkpoint its checkpoint, phase {@link RoundCheckpoint.Phase#TRAINED}
     * @param signed     a Merkle-mode task's update: {@link #submit} signs and publishes it off chain, sending nothing
     */
    public record PreparedUpdate(long round, Cid update, long samples, RoundCheckpoint checkpoint, boolean signed) {
    }

    /**
     * First half of a step, for a driver that trains several clients at once (the one-process {@code defl run}):
     * looks at the chain as a step does and, when this client has an update to make in the open round, trains it,
     * adds it to the content store, checkpoints and announces it. Sends no transaction, so clients may prepare on
     * separate threads at once (one call at a time per node); the driver then {@link #submit}s them in the order it
     * wants. Joins the task first ({@link #join()}) when not yet joined.
     *
     * @return the update to submit, or empty when this client has nothing to do now (its status says why)
     * @throws TrainingCancelledException when {@code stop} said so during training
     * @throws IOException when content or checkpoints fail
     */
    public Optional<PreparedUpdate> prepare(BooleanSupplier stop) throws IOException, TrainingCancelledException {
        return prepare(stop, null);
    }

    /**
     * The open round as a driver of many clients read it once for all of them: the task, the round, the chain's head
     * block and the CID of the global model the round starts from. A client that prepares with it reads only its own
     * participant record from the chain before training. The view may be a little old (other clients' updates since),
     * which the contract's own checks at {@link #submit} cover.
     */
    public record RoundView(TaskInfo task, RoundInfo round, long head, Cid base) {
    }

    /**
     * Reads the view of the task's open round that {@link #prepare(BooleanSupplier, RoundView)} takes (four chain
     * reads).
     */
    public static RoundView readRoundView(TaskContract contract, long taskId) {
        TaskInfo t = contract.task(taskId);
        RoundInfo info = contract.round(taskId, t.currentRound());
        long head = contract.chain().blockNumber();
        Cid base = t.modelRound() == 0 ? t.params().initialModel() : contract.globalModel(taskId, t.modelRound())
                .orElseThrow(() -> new IllegalStateException("task " + taskId + " names round " + t.modelRound()
                        + " as its model round but has no global model for it"));
        return new RoundView(t, info, head, base);
    }

    /**
     * As {@link #prepare(BooleanSupplier)}, taking the task's and the round's state from {@code view} (when not null)
     * instead of reading it from the chain.
     */
    public Optional<PreparedUpdate> prepare(BooleanSupplier stop, RoundView view) throws IOException,
            TrainingCancelledException {
        Optional<Trained> trained = train(stop, view);
        return trained.isEmpty() ? Optional.empty() : Optional.of(trained.get().finish());
    }

    /**
     * The rest of a {@link #prepare} after local training: DP, the update hook, encoding, sealing (private task), adding
     * the update to the content store, checkpointing and announcing it. A driver runs it on another thread than the
     * training (the one-process {@code defl run}: the training thread goes on with the next client meanwhile); call
     * {@link #finish} once, before this node's next {@link #train}, {@link #prepare} or {@link #submit}.
     */
    @FunctionalInterface
    public interface Trained {
        /**
         * @return the update to submit
         * @throws IOException when content or checkpoints fail
         */
        PreparedUpdate finish() throws IOException;
    }

    /**
     * As {@link #prepare(BooleanSupplier, RoundView)}, stopping after local training: the rest of the work is in the
     * returned {@link Trained} (already done when the checkpointed update is reused after a restart). Makes the same
     * chain reads and the same update as {@link #prepare}.
     *
     * @return what is left to do, or empty when this client has nothing to do now (its status says why)
     * @throws TrainingCancelledException when {@code stop} said so during training
     * @throws IOException when content or checkpoints fail
     */
    public Optional<Trained> train(BooleanSupplier stop, RoundView view) throws IOException, TrainingCancelledException {
        return train(stop, view, null);
    }

    /**
     * As {@link #train(BooleanSupplier, RoundView)}, with this client's participant record already read for it after
     * {@code view} (by a driver of many clients, while the earlier ones trained; {@code null}: read it now).
     */
    public Optional<Trained> train(BooleanSupplier stop, RoundView view, ParticipantInfo me) throws IOException,
            TrainingCancelledException {
        join();
        Turn turn = turn(view, false, me);
        if (turn.completed() || turn.round() < 0) return Optional.empty();
        Trained trained = trainOrResume(turn, stop);
        return Optional.of(() -> {
            PreparedUpdate prepared = trained.finish();
            if (!prepared.signed()) {
                announcer.announce(new Announcement(Announcement.Kind.UPDATE, prepared.round(), prepared.update()));
            }
            return prepared;
        });
    }

    /**
     * Second half of a step: sends {@code submitUpdate} for a prepared update (one transaction, awaited) and
     * checkpoints it as submitted. A refusal because the chain already has it ({@code AlreadySubmitted}) or the
     * round closed is reported through the status, not thrown.
     *
     * @return the transaction, or empty when the contract refused it for one of those reasons
     * @throws IOException when the checkpoint cannot be written
     * @throws RuntimeException any other refusal ({@link dev.defl.engine.ledger.ContractRevertException}) or chain
     *     failure
     */
    public Optional<TxResult> submit(PreparedUpdate prepared) throws IOException {
        long r = prepared.round();
        if (prepared.signed()) {
            claimRewards(r); // earlier rounds' rewards: on this thread, as a step would at its start
            sign(prepared);
            return Optional.empty();
        }
        TxResult tx;
        try {
            tx = contract.submitUpdate(account, taskId, r, prepared.update(), prepared.samples());
        } catch (RuntimeException e) {
            if (reverted(e, "AlreadySubmitted")) {
                markSubmitted(Optional.of(prepared.checkpoint()), r, null);
                return Optional.empty();
            }
            if (reverted(e, "UpdatesClosed", "SubmissionDeadlinePassed", "RoundNotActive", "WrongRound")) {
                status("round " + r + ": closed before our update arrived (" + e.getMessage() + ")");
                return Optional.empty();
            }
            throw e;
        }
        save(prepared.checkpoint().advance(RoundCheckpoint.Phase.SUBMITTED, tx.txHash()));
        listener.onUpdateSubmitted(r, prepared.update(), prepared.samples(), tx);
        log.info("round {}: submitted update {} in block {} (tx {}, {} gas)", r, prepared.update(), tx.blockNumber(),
                tx.txHash(), tx.gasUsed());
        return Optional.of(tx);
    }

    /**
     * What a look at the chain calls for: {@code round < 0} when nothing (the status says why), else the open round,
     * the task, this client's checkpoint of it and the committee (private task, when read).
     */
    private record Turn(boolean completed, long round, TaskInfo task, Optional<RoundCheckpoint> saved, Committee committee,
                        Cid base, boolean merkle) {
        static final Turn NOTHING = new Turn(false, -1, null, Optional.empty(), null, null, false);
        static final Turn COMPLETED = new Turn(true, -1, null, Optional.empty(), null, null, false);
    }

    /**
     * What to do now; the task's and round's state from {@code view} when not null, else read now. {@code claim}: in
     * a Merkle-mode task, first claim the rewards of earlier rounds (a step does; a driver's {@link #prepare} may run
     * on a worker thread, so its {@link #submit} claims instead). {@code known}: this client's participant record when
     * already read, else read now.
     */
    private Turn turn(RoundView view, boolean claim, ParticipantInfo known) throws IOException {
        TaskInfo t = view != null ? view.task() : contract.task(taskId);
        task = t;
        if (t.status() == TaskInfo.Status.COMPLETED || t.status() == TaskInfo.Status.ABANDONED) {
            if (claim) settleRewards(t); // the last round's reward too: a finished task gives no next step to claim it
            return Turn.COMPLETED;
        }
        long r = t.currentRound();
        RoundInfo info = view != null ? view.round() : contract.round(taskId, r);
        if (claim && info.merkleMode() && me().roles().contains(Role.CLIENT)) claimRewards(r);
        if (info.state() != RoundInfo.State.OPEN) {
            status("round " + r + " is " + info.state().name().toLowerCase(Locale.ROOT) + "; waiting for the next round");
            return Turn.NOTHING;
        }
        ParticipantInfo me = known != null ? known : contract.participant(taskId, address());
        if (!me.roles().contains(Role.CLIENT)) {
            status(address() + " is not a client of task " + taskId + "; waiting for the task creator to add it");
            return Turn.NOTHING;
        }
        Optional<RoundCheckpoint> saved = checkpoints.round(r);
        if (info.merkleMode() && saved.isPresent() && saved.get().phase() == RoundCheckpoint.Phase.SUBMITTED) {
            // published before: again (same statement, same CID), in case an aggregator missed the announcement
            merkle().republish(r, Cid.parse(saved.get().cid()), saved.get().numSamples(), signedUpdates, announcer);
            status("round " + r + ": signed update published; waiting for an aggregator to commit the round");
            return Turn.NOTHING;
        }
        if (!info.merkleMode() && me.lastSubmittedRound() == r) {
            markSubmitted(saved, r, null);
            status("round " + r + ": update on chain; waiting for the aggregate");
            return Turn.NOTHING;
        }
        long head = view != null ? view.head() : contract.chain().blockNumber();
        if (head >= info.submissionDeadline()) {
            status("round " + r + ": submission deadline (block " + info.submissionDeadline() + ") passed; waiting");
            return Turn.NOTHING;
        }
        if (info.updateCount() >= info.maxUpdates()) {
            status("round " + r + ": submissions full; waiting");
            return Turn.NOTHING;
        }

        Committee committee = null;
        if (document.privateUpdates() && !(saved.isPresent() && saved.get().cid() != null)) {
            committee = Committee.read(contract, taskId);
            if (!committee.complete()) {
                long grace = Math.max(1, t.params().submissionBlocks() / 4);
                String missing = String.join(", ", committee.missing());
                if (committee.keys().isEmpty() || head + grace < info.submissionDeadline()) {
                    status("round " + r + ": waiting for the public keys of aggregator(s) " + missing
                            + " to seal the update (until block " + (info.submissionDeadline() - grace) + ")");
                    return Turn.NOTHING;
                }
                log.warn("round {}: sealing the update without aggregator(s) {} (no usable public key by block {}: {})", r,
                        missing, head, committee.problems());
            }
        }
        return new Turn(false, r, t, saved, committee, view != null ? view.base() : null, info.merkleMode());
    }

    /**
     * The round's update: the checkpointed one when it is still usable, else trained now; the returned
     * {@link Trained#finish} adds and checkpoints a trained one.
     */
    private Trained trainOrResume(Turn turn, BooleanSupplier stop) throws IOException, TrainingCancelledException {
        TaskInfo t = turn.task();
        long r = turn.round();
        Optional<RoundCheckpoint> saved = turn.saved();
        Cid base = turn.base() != null ? turn.base() : globalCid(t);
        if (saved.isPresent() && saved.get().cid() != null && base.toString().equals(saved.get().baseCid())
                && content.has(Cid.parse(saved.get().cid()))) {
            RoundCheckpoint checkpoint = saved.get();
            Cid update = Cid.parse(checkpoint.cid());
            log.info("round {}: resuming with update {} trained before the restart (checkpoint {})", r, update,
                    checkpoints.directory());
            PreparedUpdate resumed = new PreparedUpdate(r, update, checkpoint.numSamples(), checkpoint, turn.merkle());
            return () -> resumed;
        }
        status("round " + r + ": training " + document.localEpochs() + " epoch(s) on " + data.size()
                + " samples from global model " + base + (t.modelRound() == 0 ? " (initial)" : " (round " + t.modelRound() + ")"));
        SafetensorsFile globalFile = fetcher.fetch(base, "global model of round " + t.modelRound());
        ModelWeights global = globalFile.weights();
        long t0 = System.nanoTime();
        TrainResult result = trainer.train(model, global, data, document.trainConfig(r, salt),
                (epoch, loss, acc) -> {
                    log.info("round {} epoch {}: loss {} accuracy {}", r, epoch,
                            String.format(Locale.ROOT, "%.4f", loss), String.format(Locale.ROOT, "%.4f", acc));
                    listener.onEpoch(r, epoch, loss, acc);
                },
                stop);
        long nanos = System.nanoTime() - t0;
        trainedObserver.trained(r, global, result.weights());
        double seconds = nanos / 1e9;
        listener.onTrained(r, result.numSamples(), document.localEpochs(), java.time.Duration.ofNanos(nanos));
        return () -> addTrained(turn, base, globalFile, result, seconds);
    }

    /** The second half of {@link #trainOrResume} for a trained update: DP, hook, encode, seal, add, checkpoint. */
    private PreparedUpdate addTrained(Turn turn, Cid base, SafetensorsFile globalFile, TrainResult result, double seconds)
            throws IOException {
        TaskInfo t = turn.task();
        long r = turn.round();
        Committee committee = turn.committee();
        ModelWeights global = globalFile.weights();
        Private sent = privatize(r, t, globalFile.metadata(), global, result.weights());
        byte[] file = SafetensorsCodec.encode(hook.submit(r, global, sent.weights()), sent.metadata());
        if (committee == null && document.privateUpdates()) committee = Committee.read(contract, taskId); // resumed
        if (committee != null) {
            byte[] sealed = committee.seal(file);
            log.info("round {}: update of {} bytes sealed for {} ({} bytes)", r, file.length, committee.recipients(),
                    sealed.length);
            file = envelopeHook.apply(sealed);
        }
        Cid update = content.add(file);
        long samples = result.numSamples();
        RoundCheckpoint checkpoint = new RoundCheckpoint(r, RoundCheckpoint.Phase.TRAINED, t.modelRound(), base.toString(),
                update.toString(), samples, null);
        save(checkpoint);
        log.info("round {}: trained in {} s, update {} ({} samples)", r, String.format(Locale.ROOT, "%.2f", seconds),
                update, samples);
        return new PreparedUpdate(r, update, samples, checkpoint, turn.merkle());
    }

    /** Merkle mode: signs the update and publishes the statement off chain, for an aggregator to commit. */
    private void sign(PreparedUpdate prepared) throws IOException {
        long r = prepared.round();
        Cid statement = merkle().publish(r, prepared.update(), prepared.samples(), signedUpdates, announcer);
        save(prepared.checkpoint().advance(RoundCheckpoint.Phase.SUBMITTED, null));
        listener.onUpdateSigned(r, prepared.update(), prepared.samples(), statement);
        log.info("round {}: signed update {} ({} samples) published as {}", r, prepared.update(), prepared.samples(),
                statement);
    }

    /**
     * Merkle mode: claims the reward of every finalized round this client signed an update for and has not claimed
     * yet, the task's last round included. A client claims earlier rounds' rewards at its next step; after the last
     * round it has none, so a run (or a node that sees the task finished) calls this at the end. Each claim
     * ({@code claimUpdateReward}, about 40,400 gas) is reported through {@link NodeListener#onRewardClaimed}. Nothing
     * happens in a per-update task (its rewards need no proof) or for an account that is not a client.
     *
     * @throws IOException when a committed manifest cannot be read
     * @throws RuntimeException a chain failure, or a refusal other than "already claimed"
     */
    public void settleRewards() throws IOException {
        settleRewards(contract.task(taskId));
    }

    private void settleRewards(TaskInfo t) throws IOException {
        long r = t.currentRound();
        if (r < 1 || !contract.round(taskId, r).merkleMode() || !me().roles().contains(Role.CLIENT)) return;
        claimRewards(r + 1);
    }

    /** Merkle mode: claims the rewards of rounds before {@code r} ({@link MerkleClient#claim}) and reports each claim. */
    private void claimRewards(long r) throws IOException {
        for (MerkleClient.Claim c : merkle().claim(r, checkpoints)) listener.onRewardClaimed(c.round(), c.update(), c.tx());
    }

    private MerkleClient merkle() {
        if (merkle == null) merkle = new MerkleClient(contract, taskId, account, content);
        return merkle;
    }

    private ParticipantInfo me() {
        return contract.participant(taskId, address());
    }

    /** What a client sends: its (privatized) weights and the update's {@code __metadata__}. */
    private record Private(ModelWeights weights, Map<String, String> metadata) {}

    /**
     * The trained weights as DP-FedAvg sends them when the task's document asks for differential privacy
     * ({@link DpFedAvgClient#privatize}: delta clipped to C, Gaussian noise of σ = z·C/√m with m the task's clients per
     * round), else unchanged. With adaptive clipping ({@link AdaptiveClipping}) C is the one the global model's metadata
     * carries, the noise multiplier is z_Δ, and the metadata gets the client's noised bit {@code 1[‖Δ‖₂ ≤ C]}.
     */
    private Private privatize(long round, TaskInfo t, Map<String, String> globalMetadata, ModelWeights global,
                              ModelWeights trained) {
        DpSetting dp = document.dp();
        if (dp == null) return new Private(trained, metadata);
        int m = (int) Math.max(1, Math.min(Integer.MAX_VALUE, t.params().clientsPerRound()));
        AdaptiveClipping adaptive = dp.adaptiveClipping(m);
        double clip = adaptive == null ? dp.clipNorm() : AdaptiveClipping.clipNorm(globalMetadata, dp.clipNorm());
        DpFedAvgClient.Params params = adaptive == null ? dp.clientParams(m) : adaptive.clientParams(clip);
        SecureRandom random = new SecureRandom();
        DpFedAvgClient.Result r = DpFedAvgClient.privatize(global, trained, params, random);
        log.info("round {}: DP update delta L2 norm {} before clipping to C = {} (scale {}), noise σ {} per coordinate "
                        + "(z = {}, m = {})", round, String.format(Locale.ROOT, "%.4f", r.preClipNorm()), clip,
                String.format(Locale.ROOT, "%.4f", r.scale()), String.format(Locale.ROOT, "%.6g", r.noiseStdDev()),
                params.noiseMultiplier(), m);
        if (adaptive == null) return new Private(r.weights(), metadata);
        return new Private(r.weights(), AdaptiveClipping.updateMetadata(metadata, adaptive.noisedBit(r.withinClipNorm(), random)));
    }

    private void markSubmitted(Optional<RoundCheckpoint> saved, long round, String tx) throws IOException {
        if (saved.isPresent() && saved.get().phase() == RoundCheckpoint.Phase.TRAINED) {
            save(saved.get().advance(RoundCheckpoint.Phase.SUBMITTED, tx));
            log.info("round {}: the chain already has our update {}; not sending it again", round, saved.get().cid());
        }
    }
}
