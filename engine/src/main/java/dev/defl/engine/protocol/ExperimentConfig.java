package dev.defl.engine.protocol;

import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import java.util.Objects;

/**
 * Parameters of one federated experiment (one task on the round contract).
 *
 * @param clients      number of clients N, each an account with its own data partition
 * @param aggregators  number of aggregators M; the quorum is a majority, {@code M/2 + 1}
 * @param rounds       number of rounds to finalize
 * @param localEpochs  local epochs E each client trains per round
 * @param batchSize    local mini-batch size B
 * @param learningRate client optimizer learning rate
 * @param seed         seed of partitioning, initialisation and batch order
 * @param partitioner  how the training set is split over the clients ({@link Partitioner#iid()} by default)
 * @param strategy     the aggregators' aggregation strategy ({@link StrategySpec#fedAvg()} by default)
 */
public record ExperimentConfig(int clients, int aggregators, int rounds, int localEpochs, int batchSize,
                               double learningRate, long seed, Partitioner partitioner, StrategySpec strategy) {

    public static final int DEFAULT_CLIENTS = 10;
    public static final int DEFAULT_AGGREGATORS = 2;
    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_LOCAL_EPOCHS = 1;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_LEARNING_RATE = dev.defl.engine.learning.TrainConfig.DEFAULT_LEARNING_RATE;
    public static final long DEFAULT_SEED = 7;
    /** Upper bound of N: the embedded dev chain funds 32 accounts (one owner, clients, aggregators). */
    public static final int MAX_CLIENTS = 24;
    /** Upper bound of M. */
    public static final int MAX_AGGREGATORS = 7;

    /**
     * @throws IllegalArgumentException naming the first parameter out of range
     */
    public ExperimentConfig {
        Objects.requireNonNull(strategy, "strategy");
        require(clients >= 1 && clients <= MAX_CLIENTS, "clients", clients, "1.." + MAX_CLIENTS);
        require(aggregators >= 1 && aggregators <= MAX_AGGREGATORS, "aggregators", aggregators, "1.." + MAX_AGGREGATORS);
        require(rounds >= 1, "rounds", rounds, ">= 1");
        require(localEpochs >= 1, "local epochs E", localEpochs, ">= 1");
        require(batchSize >= 1, "batch size B", batchSize, ">= 1");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        Objects.requireNonNull(partitioner, "partitioner");
        Objects.requireNonNull(strategy, "strategy");
    }

    /** An experiment with the IID partition, aggregating with FedAvg. */
    public ExperimentConfig(int clients, int aggregators, int rounds, int localEpochs, int batchSize,
                            double learningRate, long seed) {
        this(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, Partitioner.iid(),
                StrategySpec.fedAvg());
    }

    /** This configuration with {@code partitioner} instead. */
    public ExperimentConfig withPartitioner(Partitioner partitioner) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy);
    }

    /** This configuration with another aggregation strategy. */
    public ExperimentConfig withStrategy(StrategySpec strategy) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy);
    }

    /** The defaults: 10 clients, 2 aggregators, 3 rounds, E=1, B=32, seed 7, FedAvg. */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(DEFAULT_CLIENTS, DEFAULT_AGGREGATORS, DEFAULT_ROUNDS, DEFAULT_LOCAL_EPOCHS,
                DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SEED);
    }

    /** Votes needed to finalize a round: a majority of the aggregators. */
    public int quorum() {
        return aggregators / 2 + 1;
    }

    private static void require(boolean ok, String what, long value, String range) {
        if (!ok) throw new IllegalArgumentException(what + " must be " + range + ", got " + value);
    }
}
