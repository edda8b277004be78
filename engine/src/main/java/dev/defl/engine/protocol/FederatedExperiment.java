package dev.defl.engine.protocol;

import dev.defl.engine.workspace.LiveTasks;
import dev.defl.engine.workspace.Workspace;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.TrainConfig;
import dev.defl.engine.learning.TrainResult;
import dev.defl.engine.learning.TrainingCancelledException;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The round protocol of DESIGN.md with every role in one process: N clients and M aggregators,
 * each a separate dev-chain account, one FederatedTasks contract per experiment holding its one task
 * (task id 1; per-update mode; every client must submit before the round closes; 1 reward token per
 * update in a finalized round and per winning vote).
 *
 * <p>Round {@code r}: each client fetches the global model of round {@code r-1} by CID, trains E
 * local epochs on its partition ({@link ExperimentConfig#partitioner()}, IID by default), adds its update
 * (safetensors) to the content store and calls
 * {@code submitUpdate}. Each aggregator then reads the update list from the contract in submission
 * order (UpdateSubmitted events checked against the round's on-chain updates hash), fetches every
 * CID (every block hash-verified), computes the configured {@link AggregationStrategy} (default FedAvg, McMahan et al. 2017,
 * bit-reproducible), adds the aggregate and proposes it — or votes for it when an identical CID
 * was already proposed. At quorum the contract emits {@code RoundFinalized}; the evaluator fetches
 * the finalized CID and scores it on the held-out test set.
 *
 * <p>The task's {@code modelSpec} CID is a JSON object (keys sorted): the model metadata of every safetensors file of
 * the run ({@link SafetensorsCodec#modelMetadata}) plus the full aggregation strategy ({@link dev.defl.engine.learning.StrategySpec#toTaskSpec()};
 * the chain records only its rule code), so that {@link RoundVerifier} can replay every round from the chain and the
 * content store alone.
 *
 * <p>Client fraction: with {@link ExperimentConfig#clientFraction()} C &lt; 1 each round only the clients drawn by
 * {@link ClientSampler#sample} (seeded by the run's seed and the round) train and submit, and the task is created with
 * {@code clientsPerRound = minUpdates = max(1, round(C·N))}; all N clients are registered, so whichever are sampled may
 * submit. Poisoning: the clients {@link Poisoning#isMalicious} submit {@link Poisoning#poisonedUpdate} (logged at WARN
 * once per run).
 *
 * <p>Client and aggregator work runs on the calling thread; training is DJL on the {@link ComputeDevice} given to the
 * constructor (the CPU by default, single-threaded).
 */
public final class FederatedExperiment implements ExperimentRunner {

    private static final Logger log = LoggerFactory.getLogger(FederatedExperiment.class);

    /** Reward token units (18 decimals) per update in a finalized round and per winning vote: 1 token. */
    public static final BigInteger REWARD = BigInteger.TEN.pow(18);
    /** Submission and voting periods, in blocks: anvil mines a block per transaction, so ample. */
    static final long PERIOD_BLOCKS = 1_000_000;

    private final Workspace workspace;
    private final LocalTrainer trainer;
    private final ComputeDevice device;

    /** An experiment runner over the workspace's content store and chain, training on the CPU. */
    public FederatedExperiment(Workspace workspace) {
        this(workspace, ComputeDevice.cpu());
    }

    /**
     * An experiment runner over the workspace's content store and chain, training and evaluating on {@code device}
     * ({@link ComputeDevice#resolve}); each run reports it through {@link RunListener#onDevice} and {@link RunReport#device()}.
     */
    public FederatedExperiment(Workspace workspace, ComputeDevice device) {
        this.workspace = workspace;
        this.device = device;
        this.trainer = new LocalTrainer(device);
    }

    @Override
    public RunReport run(ExperimentConfig config, DatasetSplit data, RunListener listener, BooleanSupplier cancelled)
            throws Exception {
        return run(config, data, ExperimentRunner.defaultModel(data), listener, cancelled);
    }

    /**
     * As {@link #run(ExperimentConfig, DatasetSplit, RunListener, BooleanSupplier)} (which trains the 2NN, or for a
     * regression dataset the {@link ModelKind#MLP_REG} regressor), training {@code model} instead (e.g.
     * {@link ModelKind#spec(DatasetSplit)}). A regression run's rounds report RMSE, MAE and R² on the test set.
     *
     * @throws IllegalArgumentException if {@code model} does not take the dataset's feature count
     */
    @Override
    public RunReport run(ExperimentConfig config, DatasetSplit data, ModelSpec model, RunListener listener, BooleanSupplier cancelled)
            throws Exception {
        if (model.inputSize() != data.train().numFeatures()) {
            throw new IllegalArgumentException(model + " takes " + model.inputSize() + " features but dataset "
                    + data.train().name() + " has " + data.train().numFeatures());
        }
        try (EmbeddedContentStore.Lease lease = workspace.embeddedContent().lease("a run in this process")) {
            return new Run(config, data, model, listener, cancelled).execute();
        }
    }

    /** State of one run; not shared between threads. */
    private final class Run {
        private final ExperimentConfig cfg;
        private final DatasetSplit data;
        private final RunListener listener;
        private final BooleanSupplier cancelled;
        private final ContentStore content = workspace.content();
        private final ChainConnection chain = workspace.chain();
        private final ModelSpec spec;
        private final Map<String, String> metadata;
        private final Credentials owner = DevAccounts.account(0);
        private final List<Credentials> clients = new ArrayList<>();
        private final List<Credentials> aggregators = new ArrayList<>();
        private final double stepsPerRound;
        private ModelWeights reference; // the initial model: every fetched model must have its tensor names and shapes
        /**
         * The aggregation strategy with the server state of the finalized rounds, which every honest aggregator
         * shares (AggregationStrategy: same finalized rounds, same state); each aggregator computes on a copy and the
         * copy that produced the finalized aggregate becomes the next round's.
         */
        private AggregationStrategy strategy;

        Run(ExperimentConfig cfg, DatasetSplit data, ModelSpec spec, RunListener listener, BooleanSupplier cancelled) {
            this.cfg = cfg;
            this.strategy = cfg.strategy().create();
            this.data = data;
            this.listener = listener;
            this.cancelled = cancelled;
            this.spec = spec;
            this.metadata = SafetensorsCodec.modelMetadata(spec, data.train());
            for (int i = 0; i < cfg.clients(); i++) clients.add(DevAccounts.account(1 + i));
            for (int j = 0; j < cfg.aggregators(); j++) aggregators.add(DevAccounts.account(1 + cfg.clients() + j));
            this.stepsPerRound = cfg.clientsPerRound() + cfg.aggregators() + 1.0;
            if (cfg.clients() > data.train().size()) {
                throw new IllegalArgumentException("cannot partition " + data.train().size() + " training rows of "
                        + data.train().name() + " over " + cfg.clients() + " clients");
            }
        }

        RunReport execute() throws Exception {
            // Partition first, so that unsatisfiable partition parameters fail before anything goes on chain.
            int[][] partitions = cfg.partitioner().partition(data.train(), cfg.clients(), cfg.seed());
            List<LabeledDataset> shards = new ArrayList<>();
            for (int i = 0; i < partitions.length; i++) {
                shards.add(data.train().subset(partitions[i], data.train().name() + "/client-" + i));
            }
            listener.onPartitioned(cfg.partitioner(), PartitionSummary.of(partitions, data.train().labels(), data.train().numClasses()));
            listener.onDevice(device.name(), device.warning());
            if (device.warning() != null) log.warn(device.warning());
            if (cfg.poison().active()) {
                log.warn("poisoned run: clients 0..{} submit {} updates scaled by {} (global − S·delta)",
                        cfg.poison().clients() - 1, cfg.poison().kind(), cfg.poison().scale());
            }

            progress("Initialising the global model", 0);
            ModelWeights global = trainer.initialWeights(spec, cfg.seed());
            reference = global;
            Cid initialCid = content.add(SafetensorsCodec.encode(global, metadata));

            // The task's spec document: the model metadata and the full strategy (the chain records only its code),
            // sorted by key, so that an auditor (RoundVerifier) can replay every round from the chain and the store.
            Map<String, String> taskSpec = new TreeMap<>(metadata);
            taskSpec.putAll(cfg.strategy().toTaskSpec());
            Cid specCid = content.add(new ObjectMapper().writeValueAsBytes(taskSpec));

            progress("Creating the task on chain", 0);
            TaskContract deployed = workspace.taskContract();
            TaskParams params = TaskParams.of(specCid, initialCid, cfg.rounds(), cfg.clientsPerRound(), cfg.clientsPerRound(),
                    cfg.quorum(), PERIOD_BLOCKS, PERIOD_BLOCKS).withRewards(REWARD, REWARD)
                    .withAggregationRule(cfg.strategy().aggregationCode());
            long taskId = deployed.createTask(owner, params).taskId();
            // recorded at once: if this process dies, the next one to open the data directory abandons the task
            LiveTasks live = LiveTasks.in(workspace.dataDir());
            boolean ended = false;
            try {
                live.begin(chain.chainId(), deployed.address(), taskId, owner.getAddress(), specCid.toString());
                RunReport report = drive(deployed, taskId, global, shards, initialCid);
                ended = true;
                return report;
            } finally {
                if (!ended) ended = abandon(deployed, taskId); // also when the record could not be written
                if (ended) {
                    try {
                        live.end(chain.chainId(), deployed.address(), taskId);
                    } catch (IOException e) { // the run's own outcome matters more; the next opening finds it ended
                        log.warn("cannot remove the live-task record of task {}: {}", taskId, e.toString());
                    }
                }
            }
        }

        /**
         * Ends a task this run cannot finish (stopped by the user, or failed) on chain, so it is not left active with a
         * round open forever. Never throws: the run's own exception matters more.
         *
         * @return whether the task is no longer active (then its live record can go)
         */
        private boolean abandon(TaskContract deployed, long taskId) {
            try {
                if (deployed.task(taskId).status() != dev.defl.engine.ledger.TaskInfo.Status.ACTIVE) return true;
                TxResult tx = deployed.abandonTask(owner, taskId);
                log.info("task {} abandoned on chain in block {} (the run did not finish)", taskId, tx.blockNumber());
                listener.onTaskAbandoned(taskId, tx.blockNumber());
                return true;
            } catch (RuntimeException e) {
                log.warn("cannot abandon task {} on chain now ({}); the next run on this data directory will", taskId,
                        e.toString());
                return false;
            }
        }

        private RunReport drive(TaskContract deployed, long taskId, ModelWeights global, List<LabeledDataset> shards,
                Cid initialCid) throws Exception {
            Task contract = new Task(deployed, taskId);
            deployed.addParticipants(owner, taskId, clients.stream().map(Credentials::getAddress).toList(),
                    Set.of(Role.CLIENT));
            deployed.addParticipants(owner, taskId, aggregators.stream().map(Credentials::getAddress).toList(),
                    Set.of(Role.AGGREGATOR));
            long chainId = chain.chainId();
            listener.onStarted(chainId, deployed.address(), chain.rpcUrl());
            log.info("task {} on contract {} on chain {} ({}), initial model {}", taskId, deployed.address(), chainId,
                    chain.rpcUrl(), initialCid);

            List<RoundReport> rounds = new ArrayList<>();
            for (int r = 1; r <= cfg.rounds(); r++) {
                RoundOutcome outcome = runRound(contract, r, global, shards);
                global = outcome.globalModel();
                rounds.add(outcome.report());
                listener.onRoundFinalized(outcome.report());
            }
            progress("Done", 1);
            return new RunReport(chainId, deployed.address(), taskId, rounds, device.name());
        }

        private RoundOutcome runRound(Task contract, int round, ModelWeights global, List<LabeledDataset> shards)
                throws Exception {
            PhaseTimes times = new PhaseTimes();
            long current = contract.tasks().task(contract.id()).currentRound();
            if (current != round) {
                throw new IllegalStateException("task " + contract.id() + " on contract " + contract.tasks().address()
                        + " is in round " + current + ", expected round " + round);
            }
            listener.onRoundOpened(round);
            List<UpdateRecord> updates = new ArrayList<>();
            int[] sampled = ClientSampler.sample(cfg.clients(), cfg.clientFraction(), cfg.seed(), round);
            long samplesTrained = 0; // samples × epochs over the round's clients, for the throughput
            for (int k = 0; k < sampled.length; k++) {
                int i = sampled[k];
                checkCancelled();
                progress("Round " + round + ": client " + (i + 1) + "/" + clients.size() + " training"
                        + (sampled.length < clients.size() ? " (" + (k + 1) + " of " + sampled.length + " sampled)" : ""),
                        round, k);
                final int client = i;
                TrainResult result;
                long t0 = System.nanoTime();
                try {
                    result = trainer.train(spec, global, shards.get(i),
                            new TrainConfig(cfg.localEpochs(), cfg.batchSize(), cfg.learningRate(),
                                    trainingSeed(round, i), cfg.strategy().clientProximalMu()),
                            (epoch, loss, accuracy) -> listener.onClientEpoch(round, client, epoch, loss, accuracy),
                            cancelled);
                } catch (TrainingCancelledException e) {
                    throw new RunCancelledException("run stopped by the user while client " + (i + 1)
                            + " trained in round " + round);
                }
                long t1 = System.nanoTime();
                listener.onClientTrained(round, i, result.numSamples(), cfg.localEpochs(), (t1 - t0) / 1e9);
                samplesTrained += result.numSamples() * cfg.localEpochs();
                checkCancelled();
                ModelWeights submitted = cfg.poison().isMalicious(i)
                        ? cfg.poison().poisonedUpdate(global, result.weights()) : result.weights();
                Cid cid = content.add(SafetensorsCodec.encode(submitted, metadata));
                long t2 = System.nanoTime();
                Credentials account = clients.get(i);
                TxResult tx = contract.tasks().submitUpdate(account, contract.id(), round, cid, result.numSamples());
                times.training += t1 - t0;
                times.content += t2 - t1;
                times.chain += System.nanoTime() - t2;
                observe(tx);
                UpdateRecord update = new UpdateRecord(account.getAddress(), cid.toString(), result.numSamples(),
                        tx.txHash(), tx.gasUsed());
                updates.add(update);
                listener.onUpdateSubmitted(round, update);
            }

            List<ProposalRecord> proposals = new ArrayList<>();
            List<VoteRecord> votes = new ArrayList<>();
            Set<Cid> proposed = new HashSet<>();
            Map<Cid, AggregationStrategy> advanced = new HashMap<>(); // looked up by CID only, never iterated
            TaskEvent.RoundFinalized finalized = null;
            for (int j = 0; j < aggregators.size() && finalized == null; j++) {
                checkCancelled();
                progress("Round " + round + ": aggregator " + (j + 1) + " computing " + aggregationLabel(), round,
                        sampled.length + j);
                Credentials account = aggregators.get(j);
                long t0 = System.nanoTime();
                AggregationStrategy working = strategy.copy();
                Cid aggregate = aggregate(contract, round, global, working);
                advanced.putIfAbsent(aggregate, working);
                long t1 = System.nanoTime();
                TxResult tx;
                if (proposed.contains(aggregate)) {
                    tx = contract.tasks().vote(account, contract.id(), round, aggregate);
                    VoteRecord vote = new VoteRecord(account.getAddress(), aggregate.toString(), tx.txHash(), tx.gasUsed());
                    votes.add(vote);
                    listener.onVoted(round, vote);
                } else {
                    tx = contract.tasks().propose(account, contract.id(), round, aggregate);
                    proposed.add(aggregate);
                    ProposalRecord proposal = new ProposalRecord(account.getAddress(), aggregate.toString(),
                            tx.txHash(), tx.gasUsed());
                    proposals.add(proposal);
                    listener.onProposed(round, proposal);
                }
                observe(tx);
                times.aggregation += t1 - t0;
                times.chain += System.nanoTime() - t1;
                finalized = tx.events().stream()
                        .filter(e -> e instanceof TaskEvent.RoundFinalized f && f.round() == round)
                        .map(TaskEvent.RoundFinalized.class::cast)
                        .findFirst().orElse(null);
            }
            if (finalized == null) {
                throw new IllegalStateException("round " + round + " did not finalize: " + proposals.size()
                        + " proposals and " + votes.size() + " votes did not reach the quorum of " + cfg.quorum());
            }

            Cid globalCid = finalized.cid();
            strategy = advanced.get(globalCid);
            if (strategy == null) {
                throw new IllegalStateException("round " + round + " finalized " + globalCid
                        + ", which no aggregator of this run computed");
            }
            progress("Round " + round + ": evaluating " + globalCid, round, stepsPerRound - 1);
            long t0 = System.nanoTime();
            ModelWeights next = fetchModel(globalCid, "global model of round " + round).weights();
            var eval = trainer.evaluate(spec, next, data.test());
            times.evaluation += System.nanoTime() - t0;
            RoundReport report;
            if (eval.isRegression()) {
                var m = eval.regression();
                log.info("round {} finalized in block {}: {} rmse {} mae {} r2 {}; {}", round, finalized.blockNumber(),
                        globalCid, m.rmse(), m.mae(), m.r2(), times);
                report = new RoundReport(round, globalCid.toString(), Double.NaN, m.mse(), m.rmse(), m.mae(), m.r2(),
                        updates, proposals, votes, finalized.blockNumber());
            } else {
                log.info("round {} finalized in block {}: {} accuracy {} loss {}; {}", round, finalized.blockNumber(),
                        globalCid, eval.accuracy(), eval.loss(), times);
                report = new RoundReport(round, globalCid.toString(), eval.accuracy(), eval.loss(), updates,
                        proposals, votes, finalized.blockNumber());
            }
            log.info("round {}: {} clients trained {} samples × epochs on {} at {} samples/s", round, sampled.length,
                    samplesTrained, device.name(), String.format(java.util.Locale.ROOT, "%.0f",
                            samplesTrained / Math.max(times.training / 1e9, 1e-9)));
            return new RoundOutcome(report, next);
        }

        /** The run's task on its contract. */
        private record Task(TaskContract tasks, long id) {}

        /** A finalized round's report and its global model, the start of the next round. */
        private record RoundOutcome(RoundReport report, ModelWeights globalModel) {}

        /** Where a round's wall time went, in nanoseconds (logged at INFO). */
        private static final class PhaseTimes {
            long training, content, chain, aggregation, evaluation;

            @Override
            public String toString() {
                return String.format(java.util.Locale.ROOT,
                        "time: training %.2f s, content %.2f s, chain %.2f s, aggregation %.2f s, evaluation %.2f s",
                        training / 1e9, content / 1e9, chain / 1e9, aggregation / 1e9, evaluation / 1e9);
            }
        }

        /** "FedAvg" for the default (the progress text of runs before strategies existed), else the strategy. */
        private String aggregationLabel() {
            return "fedavg".equals(strategy.name()) ? "FedAvg" : strategy.toString();
        }

        /**
         * One aggregator's work: the round's updates in on-chain order, fetched, verified, aggregated by
         * {@code working} (whose server state advances) from the round's {@code global} model, added.
         */
        private Cid aggregate(Task contract, int round, ModelWeights global, AggregationStrategy working) throws IOException {
            List<WeightedUpdate> weighted = new ArrayList<>();
            var entries = contract.tasks().updates(contract.id(), round);
            for (int k = 0; k < entries.size(); k++) {
                var entry = entries.get(k);
                SafetensorsFile file = fetchModel(entry.cid(), "update " + k + " of round " + round + " from " + entry.client());
                weighted.add(new WeightedUpdate(file.weights(), entry.numSamples()));
            }
            ModelWeights aggregate = working.aggregate(global, weighted);
            return content.add(SafetensorsCodec.encode(aggregate, metadata));
        }

        private SafetensorsFile fetchModel(Cid cid, String what) throws IOException {
            SafetensorsFile file = SafetensorsCodec.decode(content.catBytes(cid));
            if (!file.weights().sameShapes(reference)) {
                throw new IOException(what + " (" + cid + ") does not match the model " + spec + ": tensors "
                        + file.weights().tensors().keySet());
            }
            return file;
        }

        private long trainingSeed(int round, int client) {
            return cfg.seed() * 1_000_003L + round * 1_009L + client;
        }

        private void observe(TxResult tx) {
            listener.onBlock(tx.blockNumber());
        }

        private void progress(String step, int round, double stepInRound) {
            progress(step, ((round - 1) + stepInRound / stepsPerRound) / cfg.rounds());
        }

        private void progress(String step, double fraction) {
            listener.onProgress(step, fraction);
        }

        private void checkCancelled() throws RunCancelledException {
            if (cancelled.getAsBoolean()) throw new RunCancelledException("run stopped by the user");
        }
    }
}
