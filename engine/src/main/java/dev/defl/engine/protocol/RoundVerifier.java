package dev.defl.engine.protocol;

import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.RootModel;
import dev.defl.engine.learning.FlTrust;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.round.InvalidModelException;
import dev.defl.engine.round.ModelFetcher;
import dev.defl.engine.round.ModelUnavailableException;
import dev.defl.engine.round.InvalidManifestException;
import dev.defl.engine.round.RoundAggregation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.content.MalformedDagException;
import dev.defl.engine.content.UnixFsImporter;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.learning.privacy.AdaptiveClipping;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.UpdateEntry;
import org.web3j.crypto.ECKeyPair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The auditor of issue 6: recomputes every finalized round of a task from the chain and the content store alone and
 * compares the result with the finalized global model's CID.
 *
 * <p>For a task it reads the parameters ({@link TaskContract#task}); the aggregation rule from its on-chain code
 * and the rule's parameters from the task's spec document (the JSON object at {@code modelSpec}, written by
 * {@link FederatedExperiment}; see {@link StrategySpec#toTaskSpec()}), falling back to {@link StrategySpec#of}'s
 * defaults with a note when the document has none; and the initial model, whose tensor names and shapes every update
 * must have and whose safetensors {@code __metadata__} is the metadata the aggregators encoded with. Then, round by
 * round: the round's updates in submission order ({@link TaskContract#updates}: UpdateSubmitted events checked
 * against the on-chain updates hash), each fetched by CID (every block hash-verified by the store), decoded and
 * shape-checked; aggregated from the previous finalized global model (round 1: the initial model) by the strategy;
 * encoded ({@link SafetensorsCodec#encode}) and hashed as {@code ipfs add --cid-version=1 --raw-leaves --only-hash}
 * would ({@link ImportProfile#CIDV1_RAW_LEAVES}, the profile of the workspace store the aggregators add to). Nothing
 * is written to the store or the chain.
 *
 * <p>Server state: a stateful strategy (FedAvgM, FedAdam, FedYogi, FedAdagrad) is replayed from round 1, its state
 * advanced once per finalized round and never by a round that failed, as every honest aggregator's is
 * ({@link AggregationStrategy}). After a mismatch the next round starts from the model that was finalized (the one
 * the clients trained from) with the state of the honest recomputation, so each later round is judged on its own
 * inputs; for a stateful strategy a note says so.
 *
 * <p>Verdicts ({@link RoundVerdict.Status}): a round whose recomputed CID equals the finalized one is OK only once the
 * finalized model itself has been read back from the content store (every block hash-verified): a finalized model
 * that is missing is {@code UNAVAILABLE}, one with a damaged block {@code CORRUPT}. The same two verdicts stand for an
 * input of the round (an update, the initial model, the previous finalized model) that is missing or damaged, since
 * then the round cannot be judged. {@code MISMATCH} is kept for what the aggregators are to blame for: a finalized
 * model other than the honest aggregate, or one finalized from updates that admit no honest aggregate (not valid
 * models of the task's shapes, or rejected by the strategy).
 *
 * <p>Merkle-mode round: the update set is the committed manifest, read by the CID in the round's
 * {@code UpdatesCommitted} event ({@link dev.defl.engine.round.CommittedManifest}): every leaf's signature must recover
 * to a registered client (once each), the Merkle root recomputed over the leaves must be the root on chain and the
 * count and sample total the chain's; then the aggregate is recomputed from exactly those updates as above. A manifest
 * that fails a check is {@code MISMATCH} naming the entry and client (the aggregators committed and finalized a set no
 * honest aggregator would); one that cannot be read is {@code UNAVAILABLE} or {@code CORRUPT}.
 *
 * <p>Private task (updates sealed for the aggregator committee): see {@link SealedUpdatesAudit}; with a committee
 * member's key ({@link #withCommitteeKey}) the rounds are recomputed as above, without one each round is checked
 * without recomputing ({@link RoundVerdict.Status#ENCRYPTED}, or {@link RoundVerdict.Status#BAD_ENVELOPE} for an
 * update that is not an envelope sealed for the committee).
 */
public final class RoundVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskContract contract;
    private final ContentStore content;
    private final UnixFsImporter hasher = UnixFsImporter.onlyHash(ImportProfile.CIDV1_RAW_LEAVES);
    private Supplier<ECKeyPair> committeeKey;

    /** An auditor reading tasks from {@code contract} and their models and updates from {@code content}. */
    public RoundVerifier(TaskContract contract, ContentStore content) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.content = Objects.requireNonNull(content, "content");
    }

    /**
     * Audits a private task's rounds with a committee member's key ({@link SealedUpdatesAudit}): each update is opened
     * with it, as that aggregator opens it, and every round recomputed as for a public task. Without one, a private
     * task's rounds are checked without recomputing ({@link RoundVerdict.Status#ENCRYPTED}). {@code key} is asked once,
     * and only for a private task.
     *
     * @return this verifier
     */
    public RoundVerifier withCommitteeKey(Supplier<ECKeyPair> key) {
        this.committeeKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /**
     * Recomputes every finalized round of task {@code taskId}, in round order (chain reads: one {@code getTask}, one
     * {@code getRound} per opened round, one {@code eth_getLogs} per finalized round).
     *
     * @return one verdict per finalized round, plus notes on what was assumed or skipped
     * @throws IllegalArgumentException when the contract has no task {@code taskId} (naming the task count), the
     *     task records an aggregation rule code this workbench does not know, or a committee key was given for a
     *     private task whose committee does not include its account ({@link #withCommitteeKey})
     * @throws dev.defl.engine.ledger.ChainUnavailableException when the node does not answer
     */
    public TaskVerification verify(long taskId) {
        contract.requireTask(taskId);
        TaskInfo task = contract.task(taskId);
        List<String> notes = new ArrayList<>();
        StrategySpec spec = strategy(task, notes);
        SealedUpdatesAudit sealed = SealedUpdatesAudit.of(contract, task, content, committeeKey, notes).orElse(null);
        AdaptiveClipping adaptive = adaptiveClipping(task, notes);

        // The initial model: the tensor names and shapes of every model, the metadata of every aggregate.
        Cid initialCid = task.params().initialModel();
        ModelWeights reference = null;
        Map<String, String> metadata = Map.of();
        Fault baseProblem = null; // why the next round cannot be recomputed, or null
        Fault initialProblem = null;
        try {
            SafetensorsFile initial = fetch(initialCid, "the initial model", null);
            reference = initial.weights();
            metadata = initial.metadata();
        } catch (Fault f) {
            baseProblem = f;
            initialProblem = f;
        }

        ModelWeights base = reference;
        Map<String, String> baseMetadata = null; // the initial model's: the task's initial clip norm
        AggregationStrategy strategy = "fltrust".equals(spec.name()) ? flTrust(task, notes) : spec.create();
        boolean stateful = strategy.isStateful();
        List<RoundVerdict> verdicts = new ArrayList<>();
        for (long r = 1; r <= task.currentRound(); r++) {
            RoundInfo info = contract.round(taskId, r);
            if (info.state() != RoundInfo.State.FINALIZED || info.globalModel().isEmpty()) {
                notes.add("round " + r + " is " + info.state() + ": no global model to verify"
                        + (info.state() == RoundInfo.State.FAILED ? " (the next round starts from the previous one)" : ""));
                continue;
            }
            Cid finalized = info.globalModel().get();
            if (baseProblem != null) {
                verdicts.add(new RoundVerdict(r, baseProblem.status, finalized, null, "cannot recompute: " + baseProblem.getMessage()));
                Base next = nextBase(finalized, r, reference, initialProblem);
                base = next.weights;
                baseMetadata = next.metadata;
                baseProblem = next.problem;
                continue;
            }
            if (sealed != null && !sealed.recomputes()) { // private updates, no committee key
                verdicts.add(sealed.check(r, finalized, reference, metadata));
                continue;
            }
            AggregationStrategy working = strategy.copy();
            Recomputed recomputed;
            try {
                recomputed = recompute(taskId, r, base, baseMetadata, reference, metadata, adaptive, working, sealed);
            } catch (Fault f) {
                verdicts.add(new RoundVerdict(r, f.status, finalized, null, f.getMessage()));
                Base next = nextBase(finalized, r, reference, initialProblem);
                base = next.weights;
                baseMetadata = next.metadata;
                baseProblem = next.problem;
                if (stateful) notes.add("round " + r + " could not be recomputed, so the " + spec.name()
                        + " server state is not advanced by it; later rounds are replayed without it");
                continue;
            }
            strategy = working;
            if (recomputed.cid.equals(finalized)) {
                // The CIDs agree; the round is OK only if the finalized model can also be read back intact.
                try {
                    baseMetadata = fetch(finalized, "the global model finalized in round " + r, reference).metadata();
                    verdicts.add(RoundVerdict.ok(r, finalized));
                } catch (Fault f) {
                    verdicts.add(new RoundVerdict(r, f.status, finalized, recomputed.cid, f.getMessage()));
                }
                base = recomputed.weights; // the same model, so later rounds can still be judged
            } else {
                Base next = nextBase(finalized, r, reference, initialProblem);
                verdicts.add(new RoundVerdict(r, RoundVerdict.Status.MISMATCH, finalized, recomputed.cid,
                        difference(spec, recomputed, next)));
                base = next.weights;
                baseMetadata = next.metadata;
                baseProblem = next.problem;
                if (stateful) notes.add("round " + r + " mismatched: later rounds start from its finalized model with the "
                        + spec.name() + " server state of the recomputed aggregate");
            }
        }
        return new TaskVerification(taskId, contract.address(), spec, notes, verdicts);
    }

    /** The strategy of the task: its on-chain rule with the spec document's parameters, or the rule's defaults. */
    private StrategySpec strategy(TaskInfo task, List<String> notes) {
        int code = task.params().aggregationRule();
        if (code < 0 || code >= StrategySpec.NAMES.size()) {
            throw new IllegalArgumentException("task " + task.taskId() + " on contract " + contract.address()
                    + " records aggregation rule code " + code + ", which this workbench does not know (0.."
                    + (StrategySpec.NAMES.size() - 1) + ": " + StrategySpec.NAMES + ")");
        }
        String name = StrategySpec.NAMES.get(code);
        StrategySpec defaults = StrategySpec.of(name);
        Cid specCid = task.params().modelSpec();
        try {
            return TaskDocument.fetch(content, specCid, code).strategy();
        } catch (ContentNotFoundException e) {
            notes.add("the task's spec document " + specCid + " is not in the content store: replaying " + name
                    + " with its default parameters " + defaults);
        } catch (IOException | IllegalArgumentException e) {
            notes.add("the task's spec document " + specCid + " cannot be read (" + e.getMessage() + "): replaying "
                    + name + " with its default parameters " + defaults);
        }
        return defaults;
    }

    /**
     * FLTrust replayed as the aggregators ran it: trained on the task's root dataset ({@link RootModel}). When the
     * root dataset cannot be fetched, a note says so and every round's recomputation fails naming why.
     */
    private AggregationStrategy flTrust(TaskInfo task, List<String> notes) {
        try {
            TaskDocument document = TaskDocument.fetch(content, task.params().modelSpec(), task.params().aggregationRule());
            ModelSpec model = ModelSpec.fromMetadata(document.metadata());
            return new FlTrust(RootModel.load(document, model, content));
        } catch (IOException | IllegalArgumentException e) {
            notes.add("fltrust's root dataset cannot be loaded (" + e.getMessage() + "): its rounds cannot be recomputed");
            return StrategySpec.of("fltrust").create();
        }
    }

    /** One round's aggregate recomputed: its weights, file bytes' CID. */
    private record Recomputed(ModelWeights weights, Cid cid, int updates) {}

    /**
     * The adaptive DP clipping of the task ({@link AdaptiveClipping}: every aggregate's metadata carries the next clip
     * norm), or {@code null} for none or when the spec document cannot be read (then adaptive rounds mismatch, and a
     * note says why).
     */
    private AdaptiveClipping adaptiveClipping(TaskInfo task, List<String> notes) {
        try {
            TaskDocument document = TaskDocument.fetch(content, task.params().modelSpec(), task.params().aggregationRule());
            if (document.dp() == null || !document.dp().adaptive()) return null;
            initialClipNorm = document.dp().clipNorm();
            return document.dp().adaptiveClipping((int) Math.max(1, Math.min(Integer.MAX_VALUE, task.params().clientsPerRound())));
        } catch (IOException | IllegalArgumentException e) {
            return null; // strategy() already notes an unreadable document
        }
    }

    private double initialClipNorm;

    /** The model the next round starts from (weights and {@code __metadata__}), or why there is none. */
    private record Base(ModelWeights weights, Map<String, String> metadata, Fault problem) {}

    private Recomputed recompute(long taskId, long round, ModelWeights global, Map<String, String> globalMetadata,
                                 ModelWeights reference, Map<String, String> metadata, AdaptiveClipping adaptive,
                                 AggregationStrategy working, SealedUpdatesAudit sealed) throws Fault {
        RoundAggregation aggregation = new RoundAggregation(contract, taskId, ModelFetcher.forModel(content, reference),
                metadata);
        if (adaptive != null) aggregation.withAdaptiveClipping(adaptive, initialClipNorm);
        if (sealed != null) aggregation.withOpener(sealed.opener(round));
        List<UpdateEntry> entries;
        try {
            entries = aggregation.updates(round);
        } catch (InvalidManifestException e) { // Merkle mode: a committed set no honest aggregator commits
            throw new Fault(RoundVerdict.Status.MISMATCH, "bad committed update set: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new Fault(RoundVerdict.Status.UNAVAILABLE, "cannot list the round's updates: " + e.getMessage());
        } catch (IOException e) {
            throw Fault.of(e);
        }
        if (entries.isEmpty()) throw new Fault(RoundVerdict.Status.MISMATCH, "the round has no updates on chain");
        RoundAggregation.Aggregate aggregate;
        try {
            aggregate = aggregation.aggregate(round, entries, global, globalMetadata, working);
        } catch (IOException e) {
            throw Fault.of(e);
        } catch (IllegalStateException e) { // fltrust without its root dataset
            throw new Fault(RoundVerdict.Status.UNAVAILABLE, e.getMessage());
        } catch (IllegalArgumentException e) { // InvalidUpdateException included
            throw new Fault(RoundVerdict.Status.MISMATCH, working.name() + " rejects the round's updates, so no honest aggregator could have"
                    + " proposed an aggregate: " + e.getMessage());
        }
        try {
            return new Recomputed(aggregate.weights(), hasher.add(aggregate.file()), aggregate.updates());
        } catch (IOException e) {
            throw new IllegalStateException("hashing the recomputed aggregate of round " + round + " failed", e);
        }
    }

    /** The finalized model of {@code round}, the start of the next round. */
    private Base nextBase(Cid finalized, long round, ModelWeights reference, Fault initialProblem) {
        if (reference == null) {
            return new Base(null, null, new Fault(initialProblem.status, "the initial model is not available ("
                    + initialProblem.getMessage() + ")"));
        }
        try {
            SafetensorsFile file = fetch(finalized, "the global model finalized in round " + round, reference);
            return new Base(file.weights(), file.metadata(), null);
        } catch (Fault f) {
            return new Base(null, null, f);
        }
    }

    /** The reason of a mismatch: how the finalized model differs from the recomputed aggregate. */
    private static String difference(StrategySpec spec, Recomputed recomputed, Base finalized) {
        String head = "the finalized model is not the " + spec + " aggregate of the round's " + recomputed.updates
                + " on-chain updates";
        if (finalized.weights == null) return head + " (" + finalized.problem.getMessage() + ")";
        double max = 0;
        String where = null;
        for (var e : recomputed.weights.tensors().entrySet()) {
            float[] a = e.getValue().values();
            float[] b = finalized.weights.tensor(e.getKey()).values();
            for (int i = 0; i < a.length; i++) {
                double d = Math.abs((double) a[i] - b[i]);
                if (d > max || Double.isNaN(d) && where == null) {
                    max = d;
                    where = e.getKey() + "[" + i + "]";
                }
            }
        }
        if (where == null) return head + " (same weights, other file bytes: metadata or encoding differ)";
        return head + String.format(Locale.ROOT, " (largest weight difference %.6g at %s)", max, where);
    }

    /**
     * Fetches and decodes a model by CID ({@link ModelFetcher}); with a {@code reference}, checks its tensor names and
     * shapes.
     *
     * @throws Fault naming {@code what} and the CID: missing from the store or unreadable ({@code UNAVAILABLE}), a
     *     block failing hash verification ({@code CORRUPT}), not a UnixFS or safetensors file or other tensors
     *     ({@code MISMATCH}: valid blocks, invalid content)
     */
    private SafetensorsFile fetch(Cid cid, String what, ModelWeights reference) throws Fault {
        try {
            return (reference == null ? new ModelFetcher(content, null, Integer.MAX_VALUE - 8)
                    : ModelFetcher.forModel(content, reference)).fetch(cid, what);
        } catch (IOException e) {
            throw Fault.of(e);
        }
    }

    /** A fault found while recomputing a round: its message is the verdict's problem, its status the verdict's. */
    private static final class Fault extends Exception {
        final RoundVerdict.Status status;

        Fault(RoundVerdict.Status status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The verdict for a model that {@link ModelFetcher} could not read or that is not a model of the task. */
        static Fault of(IOException e) {
            if (e instanceof InvalidModelException) return new Fault(RoundVerdict.Status.MISMATCH, e.getMessage());
            Throwable cause = e instanceof ModelUnavailableException ? e.getCause() : e;
            if (cause instanceof BlockVerificationException) return new Fault(RoundVerdict.Status.CORRUPT, e.getMessage());
            if (cause instanceof MalformedDagException) return new Fault(RoundVerdict.Status.MISMATCH, e.getMessage());
            return new Fault(RoundVerdict.Status.UNAVAILABLE, e.getMessage());
        }
    }
}
