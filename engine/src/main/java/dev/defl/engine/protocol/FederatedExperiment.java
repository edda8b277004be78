package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.DevChainFunding;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.network.AggregatorNode;
import dev.defl.engine.learning.privacy.PrivacySpent;
import dev.defl.engine.learning.privacy.RdpAccountant;
import dev.defl.engine.network.ClientNode;
import dev.defl.engine.network.NetworkContent;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.RootModel;
import dev.defl.engine.network.SignedUpdatePool;
import dev.defl.engine.network.TaskCreator;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskNode;
import dev.defl.engine.network.TaskPlan;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import dev.defl.engine.round.ModelFetcher;
import dev.defl.engine.workspace.LiveTasks;
import dev.defl.engine.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The round protocol of DESIGN.md with every role in one process: a deterministic lockstep driver over the same
 * client ({@link ClientNode}) and aggregator ({@link AggregatorNode}) roles that {@code defl node} runs, plus an
 * evaluator. N clients and M aggregators, each a separate dev-chain account, one task on the workspace's
 * FederatedTasks contract, created as every peer creates one ({@link TaskCreator}, {@link TaskDocument}: per-update
 * mode; every sampled client must submit before the round closes; 1 reward token per update in a finalized round and
 * per winning vote).
 *
 * <p>Round {@code r}: each sampled client takes one step — fetches the global model of round {@code r-1} by CID,
 * trains E local epochs on its partition ({@link ExperimentConfig#partitioner()}, IID by default) with the training
 * seed {@link TaskDocument#trainingSeed} (salt = its index), adds its update (safetensors) to the content store and
 * calls {@code submitUpdate}. Then the aggregators step in index order until the round finalizes: each aggregates the
 * round ({@link dev.defl.engine.round.RoundAggregation}: updates in canonical (registration) order, fetched, verified,
 * aggregated by the task's strategy, encoded) and proposes its aggregate, or votes for it when that CID was already
 * proposed. At quorum the contract emits {@code RoundFinalized}; the evaluator fetches the finalized CID and scores it
 * on the held-out test set. There is no polling thread, so submission order and CIDs are deterministic, and the same
 * task parameters run by separate {@code defl node} processes finalize the same global model CIDs.
 *
 * <p>Client fraction: with {@link ExperimentConfig#clientFraction()} C &lt; 1 each round only the clients drawn by
 * {@link ClientSampler#sample} (seeded by the run's seed and the round) train and submit, and the task is created with
 * {@code clientsPerRound = minUpdates = max(1, round(C·N))}; all N clients are registered, so whichever are sampled may
 * submit. Attacks ({@link ExperimentConfig#attack()}): the clients {@link AttackPlan#isMalicious} submit what their attack
 * crafts ({@link AttackBoard}, through a hook on the client role, {@link ClientNode.UpdateHook}; logged at WARN once
 * per run); their updates are finished on a thread of their own, since an attack that reads the honest updates waits
 * for the training threads. Checkpoints are kept in memory only.
 * Private updates ({@link ExperimentConfig#privateUpdates()}): the task is created private, every aggregator publishes
 * its key before round 1 ({@link AggregatorNode#ensureKeyPublished}) and the clients seal their updates for them.
 *
 * <p>Client parallelism K ({@link #FederatedExperiment(Workspace, ComputeDevice, int)}; default
 * {@link #defaultClientParallelism()}): the sampled clients train on a pool of K threads, started in ascending index
 * order ({@link ClientNode#train}: fetch, train), each handing the rest ({@link ClientNode.Trained}: encode, add the
 * update to the store, checkpoint) to one finishing thread so that it goes on with its next client, while the calling
 * thread submits their updates ({@link ClientNode#submit}) strictly in ascending index order, each as soon as it is
 * ready. Once the round's updates are in, the aggregators after the first that the quorum needs compute their
 * aggregates on other threads ({@link AggregatorNode#precompute}) while the first computes and proposes; the calling
 * thread then steps each in index order, so proposals and votes go on chain in the same order as before. Each
 * client's training is seeded by its own index, so the updates, their order on chain and every global model CID are
 * the same for every K. Aggregators, the evaluator and every {@link RunListener} call stay on the calling thread.
 * Training is DJL on the {@link ComputeDevice} given to the constructor (the CPU by default, one PyTorch thread per
 * training client).
 *
 * <p>Accounts: dev accounts 0 (owner), 1..N (clients) and N+1..N+M (aggregators) of {@link DevAccounts}; those
 * past the {@link AnvilProcess#ACCOUNTS} anvil funds at start are funded by the run on a dev chain
 * ({@link DevChainFunding#topUpAll}). Clients are created when first sampled and share one copy of the task's
 * document and initial model ({@link ClientNode#joinAs}); only the clients training hold a model.
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
    private CommitMode commitMode = CommitMode.PER_UPDATE;
    private final int clientParallelism;

    /**
     * The default client parallelism: the number of processors the JVM may use (each training client runs one PyTorch
     * thread), at least 1.
     */
    public static int defaultClientParallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** An experiment runner over the workspace's content store and chain, training on the CPU. */
    public FederatedExperiment(Workspace workspace) {
        this(workspace, ComputeDevice.cpu());
    }

    /**
     * An experiment runner over the workspace's content store and chain, training and evaluating on {@code device}
     * ({@link ComputeDevice#resolve}); each run reports it through {@link RunListener#onDevice} and {@link RunReport#device()}.
     */
    public FederatedExperiment(Workspace workspace, ComputeDevice device) {
        this(workspace, device, defaultClientParallelism());
    }

    /**
     * As {@link #FederatedExperiment(Workspace, ComputeDevice)}, training up to {@code clientParallelism} sampled
     * clients at once (see the class comment; results do not depend on it).
     *
     * @throws IllegalArgumentException unless {@code 1 <= clientParallelism <= 1024}
     */
    public FederatedExperiment(Workspace workspace, ComputeDevice device, int clientParallelism) {
        if (clientParallelism < 1 || clientParallelism > 1024) {
            throw new IllegalArgumentException("client parallelism must be 1..1024, got " + clientParallelism);
        }
        this.workspace = workspace;
        this.device = device;
        this.clientParallelism = clientParallelism;
        this.trainer = new LocalTrainer(device);
    }

    /**
     * Makes the runs of this runner create their task in {@code mode} ({@link CommitMode#PER_UPDATE} by default). In
     * {@link CommitMode#MERKLE} the clients sign their updates and the nodes share one {@link SignedUpdatePool} as the
     * off-chain channel ({@link MerkleRun}); the round's {@link RunReport.UpdateRecord}s then carry no transaction.
     */
    public FederatedExperiment withCommitMode(CommitMode mode) {
        this.commitMode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Clients trained at once at most. */
    public int clientParallelism() {
        return clientParallelism;
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
        private final List<Credentials> accounts;
        private final Credentials owner;
        private final List<Credentials> clients;
        private final List<Credentials> aggregators;
        /** RunListener calls made for the client workers, run on the driver thread in ascending client order. */
        private final WorkerEvents workerEvents = new WorkerEvents();
        /** Set when the driver gives up on a round: the workers' training stops at its next mini-batch. */
        private volatile boolean aborted;
        /** Runs the work after each client's training ({@link ClientNode.Trained#finish}); set by {@link #drive}. */
        private java.util.concurrent.ExecutorService finisher;
        /** Finishes the malicious clients' updates (an attack may wait for the training threads): never a trainer. */
        private java.util.concurrent.ExecutorService attackerFinisher;
        private AttackBoard attackBoard;
        private final double stepsPerRound;

        Run(ExperimentConfig cfg, DatasetSplit data, ModelSpec spec, RunListener listener, BooleanSupplier cancelled) {
            this.cfg = cfg;
            this.data = data;
            this.listener = listener;
            this.cancelled = cancelled;
            this.spec = spec;
            this.accounts = DevAccounts.accounts(0, 1 + cfg.clients() + cfg.aggregators());
            this.owner = accounts.getFirst();
            this.clients = accounts.subList(1, 1 + cfg.clients());
            this.aggregators = accounts.subList(1 + cfg.clients(), accounts.size());
            this.stepsPerRound = cfg.clientsPerRound() + cfg.aggregators() + 1.0;
            if (cfg.clients() > data.train().size()) {
                throw new IllegalArgumentException("cannot partition " + data.train().size() + " training rows of "
                        + data.train().name() + " over " + cfg.clients() + " clients");
            }
        }

        RunReport execute() throws Exception {
            // Partition first, so that unsatisfiable partition parameters fail before anything goes on chain.
            int[][] partitions = cfg.partitioner().partition(data.train(), cfg.clients(), cfg.seed());
            listener.onPartitioned(cfg.partitioner(), PartitionSummary.of(partitions, data.train().labels(), data.train().numClasses()));
            listener.onDevice(device.name(), device.warning());
            if (device.warning() != null) log.warn(device.warning());
            AttackBoard.check(cfg.attack(), data.train()); // before anything goes on chain

            // The task as every peer creates it (TaskCreator): initial model from the seed, spec document, createTask,
            // participants registered in index order (the canonical order of each round's updates).
            StrategySpec strategy = RootModel.withSampledRoot(cfg.strategy(), data.train(), cfg.seed(), content);
            progress("Initialising the global model", 0);
            TaskDocument document = TaskDocument.of(spec, data.train(), strategy, cfg.localEpochs(),
                    cfg.batchSize(), cfg.learningRate(), cfg.seed(), cfg.dp()).withPrivateUpdates(cfg.privateUpdates());
            TaskPlan plan = new TaskPlan(cfg.rounds(), cfg.clientsPerRound(), cfg.clientsPerRound(), cfg.quorum(),
                    PERIOD_BLOCKS, PERIOD_BLOCKS, REWARD, REWARD,
                    clients.stream().map(Credentials::getAddress).toList(),
                    aggregators.stream().map(Credentials::getAddress).toList())
                    .withMerkleMode(commitMode == CommitMode.MERKLE);
            if (accounts.size() > AnvilProcess.ACCOUNTS) {
                // anvil funds the first ACCOUNTS dev accounts at start; a dev chain can fund the rest (else a clear error)
                progress("Funding dev accounts " + AnvilProcess.ACCOUNTS + ".." + (accounts.size() - 1), 0);
                long t0 = System.nanoTime();
                int funded = DevChainFunding.topUpAll(chain, accounts.subList(AnvilProcess.ACCOUNTS, accounts.size())
                        .stream().map(Credentials::getAddress).toList(), Workspace.DEV_FUNDING_WEI);
                log.info("funded {} dev accounts past anvil's {} in {} s", funded, AnvilProcess.ACCOUNTS,
                        String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
            }
            progress("Creating the task on chain", 0);
            TaskContract deployed = workspace.taskContract();
            // recorded at once: if this process dies, the next one to open the data directory abandons the task
            LiveTasks live = LiveTasks.in(workspace.dataDir());
            long[] taskId = {0};
            boolean ended = false;
            try {
                TaskCreator.CreatedTask created = TaskCreator.create(deployed, owner, content, document, plan, trainer,
                        (id, specCid) -> {
                            taskId[0] = id;
                            live.begin(chain.chainId(), deployed.address(), id, owner.getAddress(), specCid.toString());
                            listener.onTaskCreated(chain.chainId(), deployed.address(), id);
                        });
                RunReport report = drive(deployed, created, partitions);
                ended = true;
                return report;
            } finally {
                if (taskId[0] != 0) {
                    if (!ended) ended = abandon(deployed, taskId[0]); // also when the record could not be written
                    if (ended) {
                        try {
                            live.end(chain.chainId(), deployed.address(), taskId[0]);
                        } catch (IOException e) { // the run's own outcome matters more; the next opening finds it ended
                            log.warn("cannot remove the live-task record of task {}: {}", taskId[0], e.toString());
                        }
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

        /**
         * Drives the task's roles in lockstep: per round the sampled clients (ascending index), then the aggregators
         * (index order) until the round finalizes, then the evaluator. No polling thread: each role takes one step on
         * this thread, so submission order and CIDs are deterministic.
         */
        private RunReport drive(TaskContract deployed, TaskCreator.CreatedTask created, int[][] partitions)
                throws Exception {
            long taskId = created.taskId();
            long chainId = chain.chainId();
            listener.onStarted(chainId, deployed.address(), chain.rpcUrl());
            listener.onTaskReady(taskId, created.spec().toString(), created.initialModel().toString(),
                    clients.stream().map(Credentials::getAddress).toList(),
                    aggregators.stream().map(Credentials::getAddress).toList());
            log.info("task {} on contract {} on chain {} ({}), initial model {}", taskId, deployed.address(), chainId,
                    chain.rpcUrl(), created.initialModel());
            NetworkContent local = new NetworkContent(workspace.embeddedContent(), List.of(), java.time.Duration.ofSeconds(30));
            RoundLog roundLog = new RoundLog(listener, workerEvents::of);
            attackBoard = new AttackBoard(cfg.attack(), cfg.seed(), () -> aborted || cancelled.getAsBoolean());
            ClientNodes clientNodes = new ClientNodes(deployed, taskId, local, data.train(), partitions, clients, trainer,
                    attackBoard, roundLog);
            List<AggregatorNode> aggregatorNodes = new ArrayList<>();
            for (int j = 0; j < aggregators.size(); j++) {
                aggregatorNodes.add(new AggregatorNode(deployed, taskId, aggregators.get(j), local, null,
                        NodeOptions.DEFAULT, roundLog.aggregator(aggregators.get(j).getAddress()), false));
            }
            if (commitMode == CommitMode.MERKLE) clientNodes.signedUpdates = MerkleRun.share(aggregatorNodes);
            if (cfg.privateUpdates()) {
                // every aggregator's key is on chain before a client seals its first update for the committee
                progress("Publishing the aggregators' public keys", 0);
                for (AggregatorNode node : aggregatorNodes) {
                    if (!node.ensureKeyPublished()) {
                        throw new IllegalStateException("aggregator " + node.address() + " is not registered in task " + taskId);
                    }
                }
            }
            ModelWeights initial = SafetensorsCodec.decode(content.catBytes(created.initialModel())).weights();
            ModelFetcher evaluatorFetcher = ModelFetcher.forModel(content, initial);

            List<RoundReport> rounds = new ArrayList<>();
            int threads = Math.min(clientParallelism, cfg.clientsPerRound());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                    WorkerEvents.threads("defl-client-"));
            // what follows a client's training (encode, add, checkpoint: ClientNode.Trained) runs here, so the training
            // thread goes on with the next client; at most `threads` wait, beyond that the training thread does it
            finisher = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
                    new java.util.concurrent.ArrayBlockingQueue<>(threads), WorkerEvents.threads("defl-client-finish-"),
                    (task, executor) -> task.run());
            if (cfg.attack().active()) {
                attackerFinisher = java.util.concurrent.Executors.newSingleThreadExecutor(WorkerEvents.threads("defl-attacker-"));
            }
            try {
            // ε of client-level DP: the task samples clientsPerRound of the clients each round, one accountant step a round
            RdpAccountant accountant = cfg.dp() == null ? null : cfg.dp().accountant(cfg.clientsPerRound(), cfg.clients());
            Dispatch next = dispatch(1, clientNodes, pool);
            for (int r = 1; r <= cfg.rounds(); r++) {
                RoundOutcome outcome = runRound(deployed, taskId, next, clientNodes, aggregatorNodes, evaluatorFetcher, roundLog, pool);
                next = outcome.next();
                RoundReport report = outcome.report();
                if (accountant != null) {
                    accountant.step();
                    PrivacySpent spent = accountant.epsilon(cfg.dp().delta());
                    report = report.withEpsilon(spent.epsilon());
                    log.info("round {}: DP ε {} at δ {} (q {}, z {}, order {})", r, spent.epsilon(), spent.delta(),
                            accountant.samplingRate(), accountant.noiseMultiplier(), spent.order());
                }
                rounds.add(report);
                listener.onRoundTiming(outcome.timing());
                listener.onRoundFinalized(report);
            }
            } finally {
                aborted = true;
                pool.shutdownNow();
                // no worker may still use the trainer or the store once the run returns
                if (!pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                    log.warn("client training threads did not stop within 5 minutes");
                }
                if (aggregatorPool != null) {
                    aggregatorPool.shutdown();
                    if (!aggregatorPool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                        log.warn("aggregator threads did not stop within 5 minutes");
                    }
                }
                if (attackerFinisher != null) attackerFinisher.shutdown();
                finisher.shutdown();
                if (!finisher.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                    log.warn("the thread adding the clients' updates did not stop within 5 minutes");
                }
                workerEvents.drainAll();
            }
            progress("Done", 1);
            return new RunReport(chainId, deployed.address(), taskId, rounds, device.name());
        }

        /**
         * A round's sampled clients, handed to the pool in ascending index order ({@link ClientNode#prepare}); their
         * listener calls wait in {@link #workerEvents} until the driver drains them (client by client in index order), after the round's
         * {@link RunListener#onRoundOpened}.
         */
        private record Dispatch(int round, int[] sampled,
                                List<java.util.concurrent.Future<java.util.Optional<ClientNode.PreparedUpdate>>> prepared,
                                long startedNanos, long rpcNanos, long rpcRequests, EmbeddedContentStore.IoTime io,
                                java.util.SortedMap<String, ChainConnection.RpcStat> rpcByMethod) {
        }

        /**
         * Starts round {@code round}'s clients on the pool. Called once the round is open on chain: for round 1 after
         * the task's creation, for a later one as soon as the previous round finalized, so that its clients train
         * while the driver evaluates the previous global model (the evaluation changes nothing on chain or in the
         * store, so every CID is the same).
         */
        private Dispatch dispatch(int round, ClientNodes clientNodes, java.util.concurrent.ExecutorService pool)
                throws IOException {
            long started = System.nanoTime();
            long rpc = chain.rpcNanos(), requests = chain.rpcRequests();
            var rpcByMethod = log.isDebugEnabled() ? chain.rpcRequestsByMethod() : null;
            EmbeddedContentStore.IoTime io = workspace.embeddedContent().ioTime();
            int[] sampled = ClientSampler.sample(cfg.clients(), cfg.clientFraction(), cfg.seed(), round);
            attackBoard.open(round, sampled);
            // the round's state read once for all its clients: each reads only its own participant record
            ClientNode.RoundView view = ClientNode.readRoundView(clientNodes.deployed, clientNodes.taskId);
            List<java.util.concurrent.Future<java.util.Optional<ClientNode.PreparedUpdate>>> prepared = new ArrayList<>();
            // each client's participant record, read below on this thread while the first clients train (the first
            // client reads its own): at K = 1 the reads are off the training thread's path
            List<java.util.concurrent.CompletableFuture<dev.defl.engine.ledger.ParticipantInfo>> records = new ArrayList<>();
            for (int k = 0; k < sampled.length; k++) records.add(new java.util.concurrent.CompletableFuture<>());
            records.getFirst().complete(null);
            for (int k = 0; k < sampled.length; k++) {
                ClientNode node = clientNodes.get(sampled[k]); // created and joined here, on the driver thread
                int i = sampled[k], nth = k;
                var done = new java.util.concurrent.CompletableFuture<java.util.Optional<ClientNode.PreparedUpdate>>();
                prepared.add(done);
                pool.execute(() -> {
                    if (done.isDone()) { // cancelled: the round was given up
                        attackBoard.absent(round, i);
                        return;
                    }
                    workerEvents.of(i).add(() -> progress("Round " + round + ": client " + (i + 1) + "/" + clients.size() + " training"
                            + (sampled.length < clients.size() ? " (" + (nth + 1) + " of " + sampled.length + " sampled)" : ""),
                            round, nth));
                    try {
                        dev.defl.engine.ledger.ParticipantInfo me;
                        try {
                            me = records.get(nth).join();
                        } catch (java.util.concurrent.CompletionException e) {
                            throw e.getCause();
                        }
                        java.util.Optional<ClientNode.Trained> trained = node.train(() -> aborted || cancelled.getAsBoolean(),
                                view, me);
                        if (trained.isEmpty()) {
                            attackBoard.absent(round, i);
                            done.complete(java.util.Optional.empty());
                            return;
                        }
                        (cfg.attack().isMalicious(i) ? attackerFinisher : finisher).execute(() -> {
                            try {
                                done.complete(java.util.Optional.of(trained.get().finish()));
                            } catch (Throwable e) {
                                done.completeExceptionally(e);
                            }
                        });
                    } catch (Throwable e) {
                        attackBoard.absent(round, i);
                        done.completeExceptionally(e);
                    }
                });
            }
            for (int k = 1; k < sampled.length; k++) {
                try {
                    records.get(k).complete(clientNodes.deployed.participant(clientNodes.taskId, clients.get(sampled[k]).getAddress()));
                } catch (RuntimeException e) { // the run fails: every client still waiting learns why
                    for (int rest = k; rest < sampled.length; rest++) records.get(rest).completeExceptionally(e);
                    throw e;
                }
            }
            return new Dispatch(round, sampled, prepared, started, rpc, requests, io, rpcByMethod);
        }

        private RoundOutcome runRound(TaskContract deployed, long taskId, Dispatch dispatch, ClientNodes clientNodes,
                                      List<AggregatorNode> aggregatorNodes, ModelFetcher evaluatorFetcher,
                                      RoundLog roundLog, java.util.concurrent.ExecutorService pool) throws Exception {
            int round = dispatch.round();
            long current = deployed.task(taskId).currentRound();
            if (current != round) {
                throw new IllegalStateException("task " + taskId + " on contract " + deployed.address()
                        + " is in round " + current + ", expected round " + round);
            }
            long roundStart = dispatch.startedNanos();
            roundLog.begin(round);
            listener.onRoundOpened(round);
            int[] sampled = dispatch.sampled();
            // the updates go on chain from this thread in ascending index order, each as soon as it is ready: the same
            // order whatever the parallelism and whichever client finishes first
            var prepared = dispatch.prepared();
            try {
                for (int k = 0; k < sampled.length; k++) {
                    int i = sampled[k];
                    java.util.Optional<ClientNode.PreparedUpdate> update = workerEvents.await(prepared.get(k), round, i);
                    checkCancelled();
                    int before = roundLog.updates.size();
                    if (update.isPresent()) clientNodes.get(i).submit(update.get());
                    if (roundLog.updates.size() == before) {
                        throw new IllegalStateException("client " + (i + 1) + " (" + clients.get(i).getAddress()
                                + ") did not submit an update in round " + round);
                    }
                }
            } catch (Exception | Error e) {
                aborted = true; // the others stop at their next mini-batch; the run's finally waits for them
                for (var f : prepared) f.cancel(false);
                throw e;
            }
            workerEvents.drainAll();

            // the update set is fixed: the aggregators after the first that the quorum needs compute their aggregate
            // now, on other threads, while the first computes and proposes; each still reads, fetches and verifies
            // every update itself, and the transactions go in index order as before
            List<java.util.concurrent.Future<Boolean>> precomputed = new ArrayList<>();
            for (int j = 1; j < Math.min(aggregatorNodes.size(), cfg.quorum()); j++) {
                AggregatorNode node = aggregatorNodes.get(j);
                precomputed.add(aggregatorPool(Math.min(aggregatorNodes.size(), cfg.quorum()) - 1).submit(node::precompute));
            }
            for (int j = 0; j < aggregatorNodes.size() && roundLog.finalized == null; j++) {
                checkCancelled();
                progress("Round " + round + ": aggregator " + (j + 1) + " computing " + aggregationLabel(), round,
                        sampled.length + j);
                AggregatorNode node = aggregatorNodes.get(j);
                if (j >= 1 && j <= precomputed.size()) {
                    awaitPrecomputed(precomputed.get(j - 1));
                    roundLog.drainAggregatorEvents(node.address());
                }
                if (node.stepOnce(cancelled) == TaskNode.Step.STOPPED) throw new RunCancelledException("run stopped by the user");
                var failure = node.failure(round);
                if (failure.isPresent()) {
                    throw new IllegalStateException("round " + round + ": aggregator " + (j + 1) + " cannot aggregate the"
                            + " round's updates: " + failure.get());
                }
            }
            // a precomputation the round did not need (it finalized before that aggregator's turn) is waited for too
            for (int j = 0; j < precomputed.size(); j++) {
                try {
                    precomputed.get(j).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    log.debug("round {}: aggregator {} could not compute ahead: {}", round, j + 2, e.getCause().toString());
                }
            }
            for (AggregatorNode node : aggregatorNodes) roundLog.drainAggregatorEvents(node.address());
            TaskEvent.RoundFinalized finalized = roundLog.finalized;
            if (finalized == null) {
                throw new IllegalStateException("round " + round + " did not finalize: " + roundLog.proposals.size()
                        + " proposals and " + roundLog.votes.size() + " votes did not reach the quorum of " + cfg.quorum());
            }

            Cid globalCid = finalized.cid();
            // the next round is open on chain: its clients train while this thread evaluates
            long roundEnd = System.nanoTime();
            long rpc1 = chain.rpcNanos(), requests1 = chain.rpcRequests();
            EmbeddedContentStore.IoTime io1 = workspace.embeddedContent().ioTime();
            logRequests(round, dispatch.rpcByMethod());
            Dispatch next = round < cfg.rounds() ? dispatch(round + 1, clientNodes, pool) : null;
            if (next == null && commitMode == CommitMode.MERKLE) {
                // each client proves its last update(s) for the reward now: it would at its next step, and there is none
                progress("Round " + round + ": clients claim their rewards", round, stepsPerRound - 1);
                for (ClientNode node : clientNodes.created()) node.settleRewards();
            }
            progress("Round " + round + ": evaluating " + globalCid, round, stepsPerRound - 1);
            dev.defl.engine.learning.SafetensorsFile nextFile = evaluatorFetcher.fetch(globalCid, "global model of round " + round);
            ModelWeights nextWeights = nextFile.weights();
            long t0 = System.nanoTime();
            var eval = trainer.evaluate(spec, nextWeights, data.test());
            long evaluation = System.nanoTime() - t0;
            if (next == null) { // the last round's evaluation overlaps nothing: it counts in the round
                roundEnd = System.nanoTime();
                rpc1 = chain.rpcNanos();
                requests1 = chain.rpcRequests();
                io1 = workspace.embeddedContent().ioTime();
            }
            String times = String.format(java.util.Locale.ROOT,
                    "time: round %.2f s, training %.2f s, aggregation %.2f s, evaluation %.2f s",
                    (System.nanoTime() - roundStart) / 1e9, roundLog.trainingNanos / 1e9, roundLog.aggregationNanos / 1e9,
                    evaluation / 1e9);
            EmbeddedContentStore.IoTime io0 = dispatch.io();
            RoundTiming timing = new RoundTiming(round, sampled.length, Math.min(clientParallelism, sampled.length),
                    (roundEnd - roundStart) / 1e9, roundLog.trainingWallNanos() / 1e9,
                    roundLog.trainingNanos / 1e9,
                    (io1.addNanos() - io0.addNanos() + io1.catNanos() - io0.catNanos()) / 1e9,
                    (rpc1 - dispatch.rpcNanos()) / 1e9, roundLog.aggregationNanos / 1e9, evaluation / 1e9,
                    requests1 - dispatch.rpcRequests());
            List<UpdateRecord> updates = List.copyOf(roundLog.updates);
            List<ProposalRecord> proposals = List.copyOf(roundLog.proposals);
            List<VoteRecord> votes = List.copyOf(roundLog.votes);
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
            report = report.withOtherTransactions(roundLog.otherTransactions);
            log.info("round {}: {} clients trained {} samples × epochs on {} at {} samples/s", round, sampled.length,
                    roundLog.samplesTrained, device.name(), String.format(java.util.Locale.ROOT, "%.0f",
                            roundLog.samplesTrained / Math.max(roundLog.trainingNanos / 1e9, 1e-9)));
            if (cfg.dp() != null && cfg.dp().adaptive()) {
                double clip = dev.defl.engine.learning.privacy.AdaptiveClipping.clipNorm(nextFile.metadata(), cfg.dp().clipNorm());
                report = report.withClipNorm(clip);
                log.info("round {}: adaptive DP clip norm C for round {}: {}", round, round + 1, clip);
            }
            return new RoundOutcome(report, timing, next);
        }

        /** Threads computing aggregates ahead ({@link AggregatorNode#precompute}); made at first use. */
        private java.util.concurrent.ExecutorService aggregatorPool;

        private java.util.concurrent.ExecutorService aggregatorPool(int threads) {
            if (aggregatorPool == null) {
                aggregatorPool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads),
                        WorkerEvents.threads("defl-aggregator-"));
            }
            return aggregatorPool;
        }

        /**
         * Waits for an aggregator's computation ahead; its failure is the failure of that aggregator's step, thrown as
         * the step would throw it.
         */
        private void awaitPrecomputed(java.util.concurrent.Future<Boolean> future) throws Exception {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception x) throw x;
                if (cause instanceof Error x) throw x;
                throw e;
            }
        }

        /**
         * Logs at DEBUG the JSON-RPC requests per method since {@code before} (a reading of
         * {@link ChainConnection#rpcRequestsByMethod}; null when DEBUG was off then): where a round's chain time went.
         */
        private void logRequests(int round, java.util.SortedMap<String, ChainConnection.RpcStat> before) {
            if (before == null || !log.isDebugEnabled()) return;
            StringBuilder sb = new StringBuilder();
            chain.rpcRequestsByMethod().forEach((method, now) -> {
                ChainConnection.RpcStat d = now.minus(before.get(method));
                if (d.requests() == 0) return;
                if (!sb.isEmpty()) sb.append(", ");
                sb.append(method).append(' ').append(d.requests()).append(" (")
                        .append(String.format(java.util.Locale.ROOT, "%.1f", d.nanos() / 1e6)).append(" ms)");
            });
            log.debug("round {}: JSON-RPC requests from its clients' start to its finalization: {}", round, sb);
        }

        /** A finalized round's report, where its time went, and the next round's clients (null after the last). */
        private record RoundOutcome(RoundReport report, RoundTiming timing, Dispatch next) {}

        /** "FedAvg" for the default (the progress text of runs before strategies existed), else the strategy. */
        private String aggregationLabel() {
            return "fedavg".equals(cfg.strategy().name()) ? "FedAvg" : cfg.strategy().toString();
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
