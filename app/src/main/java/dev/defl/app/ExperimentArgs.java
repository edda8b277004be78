package dev.defl.app;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.learning.attack.AttackPlan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a federated experiment shared by the commands that train ({@code run}, {@code bench central},
 * {@code bench robustness}): model, N, M, rounds, E, B, learning rate, seed, partition, strategy and its
 * hyper-parameters, client fraction C, attack, device.
 */
final class ExperimentArgs {

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "mlp",
            description = "Classification: logreg (softmax regression), mlp (the 2NN, 2×200 ReLU) or cnn (McMahan et al. "
                    + "2017 CNN; image rows). Regression: linreg (linear regression) or mlp-reg (64-64 ReLU → 1) "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "" + ExperimentConfig.DEFAULT_CLIENTS,
            description = "Clients N, 1 to " + ExperimentConfig.MAX_CLIENTS + "; each is a dev-chain account (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--client-parallelism", paramLabel = "K",
            description = "Clients that train at once, 1 to 1024 (default: the number of processors). Each training "
                    + "client uses one PyTorch thread; results (every global model CID) do not depend on K.")
    Integer clientParallelism;

    @Option(names = "--aggregators", paramLabel = "M", defaultValue = "" + ExperimentConfig.DEFAULT_AGGREGATORS,
            description = "Aggregators M; quorum is a majority (default: ${DEFAULT-VALUE}).")
    int aggregators;

    /**
     * The most rounds a CLI command runs or creates a task for: far more than any experiment needs (a round
     * of the default run takes seconds), yet small enough that a typo cannot queue a run of years.
     */
    static final int MAX_ROUNDS = 10_000;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + ExperimentConfig.DEFAULT_ROUNDS,
            description = "Rounds R, 1 to " + MAX_ROUNDS + " (default: ${DEFAULT-VALUE}).")
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

    @Mixin
    StrategyOptions strategyOptions;

    @Option(names = "--fraction", paramLabel = "C", defaultValue = "" + ExperimentConfig.DEFAULT_CLIENT_FRACTION,
            description = "Client fraction C in (0, 1]: each round max(1, round(C·N)) clients, drawn with the seed, "
                    + "train and submit (McMahan et al. 2017) (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = {"--attack", "--poison"}, paramLabel = "KIND:K[:P]",
            description = "Robustness experiment: clients 0..K-1 attack (default: none). KIND: signflip[:S] (S=1), "
                    + "gaussian[:σ] (σ=1), labelflip, alie[:z] (z from n and K), ipm[:ε] (ε=0.1), fang-krum, "
                    + "fang-trimmed[:b] (b=2); e.g. alie:3, signflip:3:10. ipm and the fang attacks read the round's "
                    + "honest updates first, alie the attackers' own. --poison K:signflip:S is the older spelling.")
    String attack;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = ComputeDevice.CPU,
            description = "Where clients train: cpu, cuda (falls back to cpu with a warning when PyTorch sees no GPU) "
                    + "or auto (default: ${DEFAULT-VALUE}).")
    String device;

    /**
     * The experiment these options describe.
     *
     * @throws IllegalArgumentException naming the first option out of range
     */
    ExperimentConfig config() {
        requireRounds(rounds);
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed)
                .withPartitioner(partitioner()).withStrategy(strategySpec()).withClientFraction(fraction)
                .withAttack(attack != null ? AttackPlan.parse(attack) : AttackPlan.none());
    }

    /**
     * Checks a {@code --rounds} value against 1 … {@link #MAX_ROUNDS}.
     *
     * @throws IllegalArgumentException naming the option, the allowed range and the value
     */
    static void requireRounds(long rounds) {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("--rounds must be between 1 and " + MAX_ROUNDS + ", not " + rounds);
        }
    }

    /**
     * {@code --client-parallelism}, or {@link FederatedExperiment#defaultClientParallelism()} when not given.
     *
     * @throws IllegalArgumentException naming the option when it is outside 1..1024
     */
    int clientParallelism() {
        if (clientParallelism == null) return FederatedExperiment.defaultClientParallelism();
        if (clientParallelism < 1 || clientParallelism > 1024) {
            throw new IllegalArgumentException("--client-parallelism must be between 1 and 1024, not " + clientParallelism);
        }
        return clientParallelism;
    }

    /** {@code --model}. @throws IllegalArgumentException naming the unknown model and the known ones */
    ModelKind modelKind() {
        return ModelKind.parse(model);
    }

    /** {@code --device}, resolved (CUDA without a GPU falls back to the CPU with a warning). */
    ComputeDevice computeDevice() {
        return ComputeDevice.resolve(device);
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
    StrategySpec strategySpec() {
        return strategyOptions.spec(dev.defl.engine.protocol.ClientSampler.count(clients, fraction));
    }
}
