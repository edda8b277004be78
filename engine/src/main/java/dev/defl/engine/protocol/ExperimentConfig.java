package dev.defl.engine.protocol;

import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.privacy.DpSetting;
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
 * @param clientFraction client fraction C of McMahan et al. 2017, {@code 0 < C <= 1} (1 by default): each round
 *                     {@link ClientSampler#sample} draws {@code max(1, round(C·N))} of the N clients, and only those
 *                     train and submit
 * @param attack       malicious clients for robustness experiments ({@link AttackPlan#none()} by default)
 * @param dp           client-level differential privacy (DP-FedAvg), or {@code null} for none (the default)
 * @param privateUpdates the task is private: clients seal their updates for the aggregators, who publish their keys
 *                     (off by default)
 */
public record ExperimentConfig(int clients, int aggregators, int rounds, int localEpochs, int batchSize,
                               double learningRate, long seed, Partitioner partitioner, StrategySpec strategy,
                               double clientFraction, AttackPlan attack, DpSetting dp, boolean privateUpdates) {

    public static final int DEFAULT_CLIENTS = 10;
    public static final int DEFAULT_AGGREGATORS = 2;
    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_LOCAL_EPOCHS = 1;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_LEARNING_RATE = dev.defl.engine.learning.TrainConfig.DEFAULT_LEARNING_RATE;
    public static final long DEFAULT_SEED = 7;
    /** Default client fraction C: every client trains every round. */
    public static final double DEFAULT_CLIENT_FRACTION = 1.0;
    /**
     * Upper bound of N. Each client is a dev-chain account (index 1..N; the owner is 0, the aggregators follow the
     * clients): anvil funds the first {@link dev.defl.engine.ledger.AnvilProcess#ACCOUNTS} at start and a run funds
     * the rest itself ({@code anvil_setBalance}), so N is bounded by time and memory, not by the chain. 10,000 is
     * where a run's set-up (account derivation, funding, registration) passes a minute on two cores.
     */
    public static final int MAX_CLIENTS = 10_000;
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
        if (!(clientFraction > 0 && clientFraction <= 1)) {
            throw new IllegalArgumentException("client fraction C must be in (0, 1], got " + clientFraction);
        }
        int perRound = ClientSampler.count(clients, clientFraction);
        if (perRound < strategy.minUpdates()) {
            throw new IllegalArgumentException(strategy + " needs at least " + strategy.minUpdates()
                    + " updates per round, but " + (clientFraction < 1
                    ? "C·N = " + clientFraction + "·" + clients + " samples " + perRound + " clients"
                    : "there are only " + clients + " clients"));
        }
        Objects.requireNonNull(attack, "attack");
        if (attack.clients() > clients) {
            throw new IllegalArgumentException("attacking clients K must be <= clients N = " + clients + ", got "
                    + attack.clients());
        }
        if (dp != null && dp.adaptive()) dp.adaptiveClipping(perRound);
    }

    /** An experiment whose updates are public. */
    public ExperimentConfig(int clients, int aggregators, int rounds, int localEpochs, int batchSize,
                            double learningRate, long seed, Partitioner partitioner, StrategySpec strategy,
                            double clientFraction, AttackPlan attack, DpSetting dp) {
        this(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner, strategy,
                clientFraction, attack, dp, false);
    }

    /** An experiment without differential privacy. */
    public ExperimentConfig(int clients, int aggregators, int rounds, int localEpochs, int batchSize,
                            double learningRate, long seed, Partitioner partitioner, StrategySpec strategy,
                            double clientFraction, AttackPlan attack) {
        this(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner, strategy,
                clientFraction, attack, null);
    }

    /** An experiment where every client trains every round (C = 1), none malicious. */
    public ExperimentConfig(int clients, int aggregators, int rounds, int localEpochs, int batchSize,
                            double learningRate, long seed, Partitioner partitioner, StrategySpec strategy) {
        this(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner, strategy,
                DEFAULT_CLIENT_FRACTION, AttackPlan.none());
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
                strategy, clientFraction, attack, dp, privateUpdates);
    }

    /** This configuration with seed {@code seed} (partition, initialisation, batch order, client sampling, attacks). */
    public ExperimentConfig withSeed(long seed) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy, clientFraction, attack, dp, privateUpdates);
    }

    /** This configuration with another aggregation strategy. */
    public ExperimentConfig withStrategy(StrategySpec strategy) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy, clientFraction, attack, dp, privateUpdates);
    }

    /**
     * This configuration with client fraction {@code c}.
     *
     * @throws IllegalArgumentException unless {@code 0 < c <= 1}
     */
    public ExperimentConfig withClientFraction(double c) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy, c, attack, dp, privateUpdates);
    }

    /**
     * This configuration with these malicious clients.
     *
     * @throws IllegalArgumentException if {@code attack.clients()} exceeds {@link #clients()}
     */
    public ExperimentConfig withAttack(AttackPlan attack) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy, clientFraction, attack, dp, privateUpdates);
    }

    /** This configuration with client-level differential privacy {@code dp}, or none when {@code null}. */
    public ExperimentConfig withDp(DpSetting dp) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy, clientFraction, attack, dp, privateUpdates);
    }

    /** This configuration with private updates on or off (see {@link #privateUpdates()}). */
    public ExperimentConfig withPrivateUpdates(boolean on) {
        return new ExperimentConfig(clients, aggregators, rounds, localEpochs, batchSize, learningRate, seed, partitioner,
                strategy, clientFraction, attack, dp, on);
    }

    /**
     * A warning when the attacking clients outnumber what the strategy's parameters withstand in a round of
     * {@link #clientsPerRound()} updates ({@link StrategySpec#attackersCovered}), e.g. trimmed-mean with β = 0.1 over 10
     * clients trims 1 update at each end, fewer than 3 attackers; empty when there is no attack or it is covered.
     */
    public java.util.Optional<String> robustnessWarning() {
        if (!attack.active()) return java.util.Optional.empty();
        int n = clientsPerRound();
        int k = Math.min(attack.clients(), n);
        java.util.OptionalInt covered = strategy.attackersCovered(n);
        if (covered.isEmpty() || covered.getAsInt() >= k) return java.util.Optional.empty();
        String what = switch (strategy.name()) {
            case "trimmed-mean" -> "trims " + covered.getAsInt() + " of " + n + " updates at each end; --trimmed-beta "
                    + ceilTo2((double) k / n) + " or more covers " + k;
            case "krum", "multi-krum", "bulyan" -> "assumes f = " + covered.getAsInt() + " Byzantine clients; --krum-f "
                    + k + " covers " + k;
            case "fedmedian", "geometric-median" -> "withstands at most " + covered.getAsInt() + " of " + n
                    + " updates (breakdown point 1/2)";
            default -> "does not withstand any malicious update (pick a robust --strategy)";
        };
        return java.util.Optional.of(k + " of " + n + " clients per round attack (--attack " + attack.describe() + "), but "
                + strategy + " " + what);
    }

    private static String ceilTo2(double x) {
        return java.math.BigDecimal.valueOf(Math.ceil(x * 100 - 1e-9) / 100).stripTrailingZeros().toPlainString();
    }

    /** Clients that train and submit in each round: {@code max(1, round(C·N))} ({@link ClientSampler#count}). */
    public int clientsPerRound() {
        return ClientSampler.count(clients, clientFraction);
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
