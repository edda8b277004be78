package dev.defl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.Poisoning;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.protocol.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code defl run}: one federated experiment, headless, one line per finalized round. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a federated experiment: clients train, updates go to the content store, rounds finalize on chain.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Option(names = "--dataset", paramLabel = "DATASET", defaultValue = "digits",
            description = "fashion-mnist, digits (bundled sample, classification), boston (bundled house prices, "
                    + "regression on MEDV), a path to a CSV / IDX file, an image folder (one subfolder per class), or the "
                    + "manifest CID of a published dataset (`defl dataset publish`) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    ImageOptions image;

    @Option(names = "--target", paramLabel = "COL",
            description = "CSV target column, by header name or 1-based index (default: the last column).")
    String target;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "auto",
            description = "CSV target type: auto (integer or text targets with at most 20 distinct values are classes, "
                    + "other numbers a regression), classification or regression (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "report",
            description = "CSV cells that are empty, NA, NaN or ?: report (fail naming line and column), mean or median "
                    + "(impute from the training split; text columns: most frequent value) or drop (drop those rows) "
                    + "(default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "mlp",
            description = "Classification: logreg (softmax regression), mlp (the 2NN, 2×200 ReLU) or cnn (McMahan et al. "
                    + "2017 CNN; image rows). Regression: linreg (linear regression) or mlp-reg (64-64 ReLU → 1) "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "" + ExperimentConfig.DEFAULT_CLIENTS,
            description = "Clients N (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--aggregators", paramLabel = "M", defaultValue = "" + ExperimentConfig.DEFAULT_AGGREGATORS,
            description = "Aggregators M; quorum is a majority (default: ${DEFAULT-VALUE}).")
    int aggregators;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + ExperimentConfig.DEFAULT_ROUNDS,
            description = "Rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = {"--local-epochs", "-E"}, paramLabel = "E", defaultValue = "" + ExperimentConfig.DEFAULT_LOCAL_EPOCHS,
            description = "Local epochs E per round (default: ${DEFAULT-VALUE}).")
    int localEpochs;

    @Option(names = {"--batch-size", "-B"}, paramLabel = "B", defaultValue = "" + ExperimentConfig.DEFAULT_BATCH_SIZE,
            description = "Local batch size B (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "" + ExperimentConfig.DEFAULT_LEARNING_RATE,
            description = "Client learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "" + ExperimentConfig.DEFAULT_SEED,
            description = "Seed of partitioning, initialisation and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partition", paramLabel = "KIND", defaultValue = "iid",
            description = "How the training rows are split over the clients: iid; dirichlet (label skew, per class "
                    + "proportions ~ Dir(α), Hsu et al. 2019); shards (sorted by label, 2 shards per client, McMahan et al. "
                    + "2017); quantity (client sizes ~ Dir(α), labels IID) (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(names = "--alpha", paramLabel = "A",
            description = "Dirichlet concentration α > 0 for --partition dirichlet or quantity; smaller α = more skew "
                    + "(default: " + Partitioner.DEFAULT_ALPHA + ").")
    Double alpha;

    @Option(names = "--min-partition-size", paramLabel = "N",
            description = "Minimum training rows per client for --partition dirichlet or quantity (default: "
                    + Partitioner.DEFAULT_MIN_PARTITION_SIZE + ").")
    Integer minPartitionSize;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "fedavg",
            description = "Aggregation strategy: fedavg, fedprox (FedAvg + client proximal term), fedavgm, fedadam, fedyogi, "
                    + "fedadagrad, fedmedian, trimmed-mean, krum, multi-krum (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--server-lr", paramLabel = "ETA",
            description = "Server learning rate η of fedavgm (default 1) and fedadam/fedyogi/fedadagrad (default 0.01).")
    Double serverLr;

    @Option(names = "--momentum", paramLabel = "BETA",
            description = "Server momentum β of fedavgm, β1 of fedadam/fedyogi/fedadagrad, in [0, 1) (default 0.9).")
    Double momentum;

    @Option(names = "--trimmed-beta", paramLabel = "BETA",
            description = "trimmed-mean: fraction trimmed at each end, in [0, 0.5) (default 0.1).")
    Double trimmedBeta;

    @Option(names = "--krum-f", paramLabel = "F", description = "krum, multi-krum: Byzantine clients tolerated (default 1).")
    Integer krumF;

    @Option(names = "--multi-krum-m", paramLabel = "M", description = "multi-krum: updates averaged (default n − f).")
    Integer multiKrumM;

    @Option(names = {"--prox-mu", "--mu"}, paramLabel = "MU",
            description = "fedprox: proximal coefficient μ of the clients' local objective, >= 0 (default 0.01).")
    Double proxMu;

    @Option(names = "--fraction", paramLabel = "C", defaultValue = "" + ExperimentConfig.DEFAULT_CLIENT_FRACTION,
            description = "Client fraction C in (0, 1]: each round max(1, round(C·N)) clients, drawn with the seed, "
                    + "train and submit (McMahan et al. 2017) (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--poison", paramLabel = "K:signflip:S",
            description = "Robustness experiment: clients 0..K-1 submit global − S·(local − global) (default: none).")
    String poison;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = ComputeDevice.CPU,
            description = "Where clients train: cpu, cuda (falls back to cpu with a warning when PyTorch sees no GPU) "
                    + "or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Content store and chain state.")
    Path dataDir;

    @Option(names = "--rpc-url", paramLabel = "URL",
            description = "Use this Ethereum JSON-RPC endpoint instead of starting the embedded anvil.")
    String rpcUrl;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
            description = "With --rpc-url: the chain id the endpoint must report (eth_chainId); 0 accepts any.")
    long chainId;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the run report (JSON) here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed)
                .withPartitioner(partitioner()).withStrategy(strategySpec()).withClientFraction(fraction)
                .withPoison(poison != null ? Poisoning.parse(poison) : Poisoning.none());
        ComputeDevice compute = ComputeDevice.resolve(device);
        ModelKind kind = ModelKind.parse(model);
        DatasetOptions options = image.apply(datasetOptions());
        // a dataset named by CID is read from the workspace's content store once it is open; any other loads (and fails) before the chain starts
        boolean byCid = Datasets.datasetCid(dataset).isPresent();
        DatasetSplit local = byCid ? null : Datasets.load(dataset, seed, options);
        ModelSpec localSpec = byCid ? null : kind.spec(local);
        Path dir = dataDir != null ? dataDir : parent.dataDir != null ? parent.dataDir : DataDirectory.defaultPath();
        PrintStream out = System.out;
        try (Workspace workspace = rpcUrl != null ? Workspace.openWithChain(dir, ChainSettings.of(rpcUrl).withExpectedChainId(chainId)) : Workspace.openEmbedded(dir)) {
            DatasetSplit data = byCid ? Datasets.load(dataset, seed, options, workspace.content()) : local;
            ModelSpec spec = byCid ? kind.spec(data) : localSpec;
            out.printf(Locale.ROOT, "dataset %s: %d training rows over %d clients, %d test rows; model %s, %,d parameters%n", data.train().name(),
                    data.train().size(), clients, data.test().size(), kind.cliName(), spec.parameterCount());
            long started = System.nanoTime();
            RunReport result = new FederatedExperiment(workspace, compute).run(config, data, spec, new ConsoleListener(out), () -> false);
            if (report != null) {
                Path parentDir = report.toAbsolutePath().getParent();
                if (parentDir != null) Files.createDirectories(parentDir);
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), result);
            }
            out.printf(Locale.ROOT, "%d rounds finalized on chain %d, contract %s task %d, in %.1f s%s%n", result.rounds().size(),
                    result.chainId(), result.contract(), result.taskId(), (System.nanoTime() - started) / 1e9,
                    report != null ? "; report " + report : "");
        }
        return 0;
    }

    /**
     * {@code --target}, {@code --task} and {@code --missing}.
     *
     * @throws IllegalArgumentException naming the option whose value is not one of its choices
     */
    private DatasetOptions datasetOptions() {
        return DatasetOptions.defaults().withTargetColumn(target)
                .withTask(choice("--task", task, DatasetOptions.TaskType.class))
                .withMissing(choice("--missing", missing, DatasetOptions.MissingValues.class));
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value.strip())) return e;
        throw new IllegalArgumentException(option + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
                + "; got '" + value + "'");
    }

    /**
     * The partitioner named by {@code --partition}, with {@code --alpha} and {@code --min-partition-size}.
     *
     * @throws IllegalArgumentException for an unknown kind, values out of range, or {@code --alpha} /
     *                                  {@code --min-partition-size} given to a partition that has no such parameter
     */
    private Partitioner partitioner() {
        Partitioner p = Partitioner.of(partition, alpha != null ? alpha : Partitioner.DEFAULT_ALPHA,
                minPartitionSize != null ? minPartitionSize : Partitioner.DEFAULT_MIN_PARTITION_SIZE);
        boolean usesAlpha = p instanceof Partitioner.Dirichlet || p instanceof Partitioner.QuantitySkew;
        if (!usesAlpha && (alpha != null || minPartitionSize != null)) {
            throw new IllegalArgumentException((alpha != null ? "--alpha" : "--min-partition-size")
                    + " applies only to --partition dirichlet or quantity, not " + p.kind());
        }
        return p;
    }

    /** {@code --strategy} with its defaults, overridden by the strategy options given. */
    private StrategySpec strategySpec() {
        StrategySpec d = StrategySpec.of(strategy);
        return new StrategySpec(strategy, serverLr != null ? serverLr : d.serverLr(),
                momentum != null ? momentum : d.momentum(), trimmedBeta != null ? trimmedBeta : d.trimmedBeta(),
                krumF != null ? krumF : d.krumF(), multiKrumM != null ? multiKrumM : d.multiKrumM(),
                proxMu != null ? proxMu : d.proximalMu());
    }

    /** Prints one line per finalized round, and progress on stderr when attached to a terminal. */
    private static final class ConsoleListener implements RunListener {
        private final PrintStream out;
        private final boolean tty = System.console() != null;
        private long roundStarted = System.nanoTime();
        private long roundSamples; // samples × epochs trained in the round
        private double roundTrainingSeconds;
        private int roundClients;

        ConsoleListener(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onStarted(long chainId, String contract, String rpcUrl) {
            out.printf(Locale.ROOT, "chain %d at %s, task contract %s%n", chainId, rpcUrl, contract);
        }

        @Override
        public void onPartitioned(Partitioner partitioner, PartitionSummary summary) {
            StringBuilder sizes = new StringBuilder();
            StringBuilder labels = new StringBuilder();
            int[] n = summary.sizes();
            for (int c = 0; c < summary.clients(); c++) {
                sizes.append(c == 0 ? "" : " ").append(n[c]);
                labels.append(c == 0 ? "" : " ").append(summary.labelsPresent(c));
            }
            out.printf(Locale.ROOT, "partition %s: rows per client %s; labels per client %s; mean label entropy %.2f bits%n",
                    partitioner.describe(), sizes, labels, summary.meanLabelEntropy());
        }

        @Override
        public void onDevice(String device, String warning) {
            if (warning != null) System.err.println("warning: " + warning);
            out.printf(Locale.ROOT, "device %s%n", device);
        }

        @Override
        public void onRoundOpened(int round) {
            roundStarted = System.nanoTime();
            roundSamples = 0;
            roundTrainingSeconds = 0;
            roundClients = 0;
        }

        @Override
        public void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {
            roundSamples += numSamples * epochs;
            roundTrainingSeconds += seconds;
            roundClients++;
        }

        @Override
        public void onProgress(String step, double fraction) {
            if (tty) System.err.printf(Locale.ROOT, "\r\033[K[%3.0f%%] %s", fraction * 100, step);
        }

        @Override
        public void onRoundFinalized(RoundReport r) {
            long gas = r.updates().stream().mapToLong(RunReport.UpdateRecord::gasUsed).sum()
                    + r.proposals().stream().mapToLong(RunReport.ProposalRecord::gasUsed).sum()
                    + r.votes().stream().mapToLong(RunReport.VoteRecord::gasUsed).sum();
            if (tty) System.err.print("\r\033[K");
            double seconds = (System.nanoTime() - roundStarted) / 1e9;
            String throughput = String.format(Locale.ROOT, "clients %d  %,.0f samples/s", roundClients,
                    roundTrainingSeconds > 0 ? roundSamples / roundTrainingSeconds : 0.0);
            if (r.isRegression()) {
                out.printf(Locale.ROOT, "round %d  rmse %.4f  mae %.4f  r2 %.4f  global %s  gas %,d  block %d  %.1f s  %s%n",
                        r.round(), r.testRmse(), r.testMae(), r.testR2(), r.globalModelCid(), gas, r.finalizedBlock(), seconds, throughput);
            } else {
                out.printf(Locale.ROOT, "round %d  accuracy %.2f%%  loss %.4f  global %s  gas %,d  block %d  %.1f s  %s%n",
                        r.round(), r.testAccuracy() * 100, r.testLoss(), r.globalModelCid(), gas, r.finalizedBlock(), seconds, throughput);
            }
        }
    }
}
