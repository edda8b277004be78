package dev.defl.engine.learning;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which {@link AggregationStrategy} a run uses, with its parameters: a value that can be shown, stored in a run
 * configuration and turned into fresh strategy instances ({@link #create()}), one per aggregator.
 *
 * @param name        one of {@link #NAMES}
 * @param serverLr    server learning rate η (fedavgm, fedadam, fedyogi, fedadagrad), {@code > 0}
 * @param momentum    server momentum β (fedavgm) and first-moment decay β1 (fedadam, fedyogi, fedadagrad), in
 *                    {@code [0, 1)}
 * @param trimmedBeta fraction trimmed at each end (trimmed-mean), in {@code [0, 0.5)}
 * @param krumF       Byzantine clients tolerated (krum, multi-krum, bulyan), {@code >= 0}
 * @param multiKrumM  updates averaged by multi-krum, {@code >= 1}, or 0 for {@code n − f}
 * @param proximalMu  FedProx proximal coefficient μ of the clients' local objective (fedprox), {@code >= 0}
 * @param clipRadius  the norm bound M (norm-bounding) or the clipping radius τ (centered-clipping), {@code >= 0}; 0:
 *                    each round's median update norm (norm-bounding) or median distance (centered-clipping)
 * @param rootDataset fltrust: the CID of the root dataset (a dataset manifest, {@code defl dataset publish}) the
 *                    aggregators train on ({@link FlTrust}); {@code null} until the task names one, and for other rules
 */
public record StrategySpec(String name, double serverLr, double momentum, double trimmedBeta, int krumF, int multiKrumM,
                           double proximalMu, double clipRadius, String rootDataset) {
    /** The CLI names, in the order of their on-chain codes ({@link #aggregationCode()}). */
    public static final List<String> NAMES = List.of("fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi",
            "fedadagrad", "fedmedian", "trimmed-mean", "krum", "multi-krum", "bulyan", "centered-clipping",
            "geometric-median", "norm-bounding", "fltrust");
    /** Default η for fedavgm: 1 (Hsu et al. 2019 use η = 1 with momentum). */
    public static final double DEFAULT_MOMENTUM_SERVER_LR = 1.0;
    /** Default η for the adaptive optimizers: 10^-2 (Reddi et al. 2021 tune η in 10^-3 .. 10^0.5; τ = 10^-3). */
    public static final double DEFAULT_ADAPTIVE_SERVER_LR = 0.01;
    /** Default β / β1: 0.9, as both papers. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** Default trimmed fraction per side: 0.1. */
    public static final double DEFAULT_TRIMMED_BETA = 0.1;
    /** Default f for Krum: 1. */
    public static final int DEFAULT_KRUM_F = 1;
    /** Default FedProx μ: 0.01 (Li et al. 2020 pick μ from {0.001, 0.01, 0.1, 1}). */
    public static final double DEFAULT_PROXIMAL_MU = 0.01;

    /** Task-spec key of {@link #name()}: the strategy's CLI name. */
    public static final String KEY_AGGREGATION = "aggregation";
    /** Task-spec key of {@link #serverLr()}, as Java's {@code Double.toString}. */
    public static final String KEY_SERVER_LR = "aggregation_server_lr";
    /** Task-spec key of {@link #momentum()}, as Java's {@code Double.toString}. */
    public static final String KEY_MOMENTUM = "aggregation_momentum";
    /** Task-spec key of {@link #trimmedBeta()}, as Java's {@code Double.toString}. */
    public static final String KEY_TRIMMED_BETA = "aggregation_trimmed_beta";
    /** Task-spec key of {@link #krumF()}, decimal. */
    public static final String KEY_KRUM_F = "aggregation_krum_f";
    /** Task-spec key of {@link #multiKrumM()}, decimal. */
    public static final String KEY_MULTI_KRUM_M = "aggregation_multi_krum_m";
    /** Task-spec key of {@link #proximalMu()}, as Java's {@code Double.toString}. */
    public static final String KEY_PROXIMAL_MU = "aggregation_proximal_mu";
    /** Task-spec key of {@link #clipRadius()}, as Java's {@code Double.toString}. */
    public static final String KEY_CLIP_RADIUS = "aggregation_clip_radius";
    /** Task-spec key of {@link #rootDataset()} (fltrust only). */
    public static final String KEY_ROOT_DATASET = "aggregation_root_dataset";

    /**
     * @throws IllegalArgumentException on an unknown name (listing the known ones) or a parameter out of range
     *     (checked by building the strategy)
     */
    public StrategySpec {
        Objects.requireNonNull(name, "name");
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown aggregation strategy '" + name + "', expected one of " + NAMES);
        }
        if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
            throw new IllegalArgumentException("fedprox proximal μ must be a finite number >= 0, got " + proximalMu);
        }
        if (multiKrumM < 0) throw new IllegalArgumentException("multi-krum m must be >= 1 (or 0 for n − f), got " + multiKrumM);
        if (rootDataset != null && !"fltrust".equals(name)) {
            throw new IllegalArgumentException("only fltrust takes a root dataset, not " + name);
        }
        build(name, serverLr, momentum, trimmedBeta, krumF, multiKrumM, clipRadius);
    }

    /** A spec without a root dataset (every rule but fltrust, and fltrust until its task names one). */
    public StrategySpec(String name, double serverLr, double momentum, double trimmedBeta, int krumF, int multiKrumM,
                        double proximalMu, double clipRadius) {
        this(name, serverLr, momentum, trimmedBeta, krumF, multiKrumM, proximalMu, clipRadius, null);
    }

    /**
     * This fltrust spec with its root dataset, the CID of a dataset manifest the aggregators fetch.
     *
     * @throws IllegalArgumentException for another rule
     */
    public StrategySpec withRootDataset(String cid) {
        return new StrategySpec(name, serverLr, momentum, trimmedBeta, krumF, multiKrumM, proximalMu, clipRadius, cid);
    }

    /** A spec whose {@link #clipRadius()} is 0 (the round's median), for the rules that have no clipping. */
    public StrategySpec(String name, double serverLr, double momentum, double trimmedBeta, int krumF, int multiKrumM,
                        double proximalMu) {
        this(name, serverLr, momentum, trimmedBeta, krumF, multiKrumM, proximalMu, 0);
    }

    /** FedAvg, the default: on-chain code 0, and the aggregates of runs made before strategies existed. */
    public static StrategySpec fedAvg() {
        return of("fedavg");
    }

    /** {@code name} with the default parameters for it. */
    public static StrategySpec of(String name) {
        boolean adaptive = "fedadam".equals(name) || "fedyogi".equals(name) || "fedadagrad".equals(name);
        return new StrategySpec(name, adaptive ? DEFAULT_ADAPTIVE_SERVER_LR : DEFAULT_MOMENTUM_SERVER_LR,
                DEFAULT_MOMENTUM, DEFAULT_TRIMMED_BETA, DEFAULT_KRUM_F, 0, DEFAULT_PROXIMAL_MU);
    }

    /** The μ clients use in {@link TrainConfig#proximalMu()}: {@link #proximalMu()} for fedprox, else 0. */
    public double clientProximalMu() {
        return "fedprox".equals(name) ? proximalMu : 0;
    }

    /**
     * The fewest updates a round needs for this rule to aggregate: {@code f + 3} for Krum (Blanchard et al. 2017 score
     * each update by its {@code n − f − 2} nearest neighbours), and at least {@code m} for Multi-Krum; 1 otherwise.
     */
    public int minUpdates() {
        return switch (name) {
            case "krum" -> krumF + 3;
            case "multi-krum" -> Math.max(krumF + 3, multiKrumM);
            case "bulyan" -> Bulyan.minUpdates(krumF);
            default -> 1;
        };
    }

    /**
     * How many malicious updates among {@code n} this rule's parameters are built to withstand: {@code f} for krum,
     * multi-krum and bulyan; {@code ⌊β·n⌋} (those trimmed at each end) for trimmed-mean; {@code ⌈n/2⌉ − 1} for the
     * median and the geometric median (breakdown point 1/2); 0 for FedAvg and the server optimizers; empty for
     * centered-clipping and norm-bounding, which bound each update's pull rather than count attackers.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public java.util.OptionalInt attackersCovered(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        return switch (name) {
            case "krum", "multi-krum", "bulyan" -> java.util.OptionalInt.of(krumF);
            case "trimmed-mean" -> java.util.OptionalInt.of((int) Math.floor(trimmedBeta * n));
            case "fedmedian", "geometric-median" -> java.util.OptionalInt.of((n + 1) / 2 - 1);
            case "centered-clipping", "norm-bounding", "fltrust" -> java.util.OptionalInt.empty();
            default -> java.util.OptionalInt.of(0);
        };
    }

    /**
     * This spec with its Byzantine parameters taken from a declared bound of {@code f} malicious updates among {@code n}
     * per round: Krum's, Multi-Krum's and Bulyan's {@code f}, and the trimmed mean's {@code β = f/n} (the smallest β
     * that trims {@code f} at each end). Other rules are returned as they are. Checks the bound first.
     *
     * @throws IllegalArgumentException as {@link #checkTolerates}
     */
    public StrategySpec tolerating(int f, int n) {
        checkBound(f, n);
        return switch (name) {
            case "krum", "multi-krum", "bulyan" -> new StrategySpec(name, serverLr, momentum, trimmedBeta, f, multiKrumM,
                    proximalMu, clipRadius, rootDataset);
            case "trimmed-mean" -> {
                if (2 * f >= n) throw new IllegalArgumentException(refusal(f, n, "needs β = f/n < 0.5"));
                double beta = (double) f / n;
                while (Math.floor(beta * n) < f) beta = Math.nextUp(beta); // f/n·n can round below f
                yield new StrategySpec(name, serverLr, momentum, beta, krumF, multiKrumM, proximalMu, clipRadius, rootDataset);
            }
            default -> this;
        };
    }

    /**
     * Refuses a rule that cannot withstand {@code f} malicious updates among {@code n} per round, naming the rule's
     * condition: Krum and Multi-Krum need {@code n >= 2f + 3} (Blanchard et al. 2017), Bulyan {@code n >= 4f + 3}
     * (El Mhamdi et al. 2018), the trimmed mean {@code β < 0.5} with {@code ⌊β·n⌋ >= f}, the median and the geometric
     * median {@code f < n/2}; FedAvg and the server optimizers withstand none ({@code f = 0} only).
     * Centered clipping and norm bounding bound each update's pull instead of counting attackers: any {@code f < n/2};
     * FLTrust scores each update against the root dataset's: any {@code f < n} (Cao et al. 2021).
     *
     * @throws IllegalArgumentException naming the rule, its condition, {@code f} and {@code n}
     */
    public void checkTolerates(int f, int n) {
        checkBound(f, n);
        String broken = switch (name) {
            case "krum", "multi-krum" -> n < 2 * f + 3 ? "needs n >= 2f + 3 = " + (2 * f + 3) + " updates per round"
                    : krumF < f ? "is set for f = " + krumF : null;
            case "bulyan" -> n < 4 * f + 3 ? "needs n >= 4f + 3 = " + (4 * f + 3) + " updates per round"
                    : krumF < f ? "is set for f = " + krumF : null;
            case "trimmed-mean" -> trimmedBeta >= 0.5 || 2 * f >= n ? "needs β = f/n < 0.5"
                    : Math.floor(trimmedBeta * n) < f ? "trims only " + (int) Math.floor(trimmedBeta * n) + " at each end (β = "
                    + trimmedBeta + ")" : null;
            case "fedmedian", "geometric-median", "centered-clipping", "norm-bounding" ->
                    2 * f >= n ? "withstands fewer than half the updates" : null;
            case "fltrust" -> f >= n ? "needs at least one honest update" : null;
            default -> f > 0 ? "averages every update: it withstands none" : null;
        };
        if (broken != null) throw new IllegalArgumentException(refusal(f, n, broken));
    }

    private void checkBound(int f, int n) {
        if (f < 0) throw new IllegalArgumentException("the Byzantine bound f must be >= 0, got " + f);
        if (n < 1) throw new IllegalArgumentException("updates per round n must be >= 1, got " + n);
    }

    private String refusal(int f, int n, String why) {
        return name + " cannot tolerate f = " + f + " Byzantine clients of n = " + n + " per round: it " + why;
    }

    /** Whether {@link #clipRadius()} means something for this rule: centered-clipping and norm-bounding. */
    public boolean usesClipRadius() {
        return "centered-clipping".equals(name) || "norm-bounding".equals(name);
    }

    /** A new strategy instance with empty server state. */
    public AggregationStrategy create() {
        return build(name, serverLr, momentum, trimmedBeta, krumF, multiKrumM, clipRadius);
    }

    /**
     * The aggregation rule code recorded with a task on chain: the index in {@link #NAMES} (0 = fedavg, matching
     * {@code TaskParams.AGGREGATION_FEDAVG}).
     */
    public int aggregationCode() {
        return NAMES.indexOf(name);
    }

    /**
     * The strategy as entries of a task's spec document (the JSON object at the task's {@code modelSpec} CID, next
     * to the model metadata): {@link #KEY_AGGREGATION} and every parameter ({@link #KEY_CLIP_RADIUS} only where
     * {@link #usesClipRadius()}), sorted by key. The server parameters are
     * not on chain (only {@link #aggregationCode()} is), so an auditor replaying the rounds reads them from here
     * ({@link #fromTaskSpec}).
     */
    public Map<String, String> toTaskSpec() {
        Map<String, String> m = new TreeMap<>();
        m.put(KEY_AGGREGATION, name);
        m.put(KEY_SERVER_LR, Double.toString(serverLr));
        m.put(KEY_MOMENTUM, Double.toString(momentum));
        m.put(KEY_TRIMMED_BETA, Double.toString(trimmedBeta));
        m.put(KEY_KRUM_F, Integer.toString(krumF));
        m.put(KEY_MULTI_KRUM_M, Integer.toString(multiKrumM));
        m.put(KEY_PROXIMAL_MU, Double.toString(proximalMu));
        // only for the rules that clip: the spec documents (and their CIDs) of every other rule stay as they were
        if (usesClipRadius()) m.put(KEY_CLIP_RADIUS, Double.toString(clipRadius));
        if (rootDataset != null) m.put(KEY_ROOT_DATASET, rootDataset);
        return m;
    }

    /**
     * Reads back {@link #toTaskSpec()} entries (other keys are ignored; a missing parameter takes {@link #of}'s
     * default for the name).
     *
     * @return empty when {@code spec} has no {@link #KEY_AGGREGATION} (a task created before strategies were recorded)
     * @throws IllegalArgumentException naming the key whose value is malformed or out of range
     */
    public static Optional<StrategySpec> fromTaskSpec(Map<String, String> spec) {
        String name = spec.get(KEY_AGGREGATION);
        if (name == null) return Optional.empty();
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown aggregation strategy '" + name + "' in task-spec key "
                    + KEY_AGGREGATION + ", expected one of " + NAMES);
        }
        StrategySpec d = of(name);
        try {
            return Optional.of(new StrategySpec(name, real(spec, KEY_SERVER_LR, d.serverLr), real(spec, KEY_MOMENTUM, d.momentum),
                    real(spec, KEY_TRIMMED_BETA, d.trimmedBeta), integer(spec, KEY_KRUM_F, d.krumF),
                    integer(spec, KEY_MULTI_KRUM_M, d.multiKrumM), real(spec, KEY_PROXIMAL_MU, d.proximalMu),
                    real(spec, KEY_CLIP_RADIUS, d.clipRadius), spec.get(KEY_ROOT_DATASET)));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("task-spec key")) throw e;
            throw new IllegalArgumentException("task-spec aggregation parameters " + spec.entrySet().stream()
                    .filter(x -> x.getKey().startsWith(KEY_AGGREGATION)).toList() + ": " + e.getMessage(), e);
        }
    }

    private static double real(Map<String, String> spec, String key, double fallback) {
        String v = spec.get(key);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task-spec key " + key + " is not a number: '" + v + "'", e);
        }
    }

    private static int integer(Map<String, String> spec, String key, int fallback) {
        String v = spec.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task-spec key " + key + " is not an integer: '" + v + "'", e);
        }
    }

    private static AggregationStrategy build(String name, double serverLr, double momentum, double trimmedBeta,
                                             int krumF, int multiKrumM, double clipRadius) {
        return switch (name) {
            case "fedavg" -> new FedAvgStrategy();
            case "fedprox" -> FedAvgStrategy.fedProxServer();
            case "fedavgm" -> new FedAvgM(serverLr, momentum);
            case "fedadam" -> new FedAdam(serverLr, momentum, AdaptiveFedOpt.DEFAULT_BETA2, AdaptiveFedOpt.DEFAULT_TAU);
            case "fedyogi" -> new FedYogi(serverLr, momentum, AdaptiveFedOpt.DEFAULT_BETA2, AdaptiveFedOpt.DEFAULT_TAU);
            case "fedadagrad" -> new FedAdagrad(serverLr, momentum, AdaptiveFedOpt.DEFAULT_TAU);
            case "fedmedian" -> new FedMedian();
            case "trimmed-mean" -> new TrimmedMean(trimmedBeta);
            case "krum" -> Krum.krum(krumF);
            case "multi-krum" -> multiKrumM == 0 ? Krum.multiKrumAllButF(krumF) : Krum.multiKrum(krumF, multiKrumM);
            case "bulyan" -> new Bulyan(krumF);
            case "centered-clipping" -> new CenteredClipping(clipRadius, CenteredClipping.DEFAULT_ITERATIONS);
            case "geometric-median" -> new GeometricMedian(GeometricMedian.DEFAULT_ITERATIONS, GeometricMedian.DEFAULT_SMOOTHING);
            case "norm-bounding" -> new NormBounding(clipRadius);
            case "fltrust" -> new FlTrust((global, clientSamples) -> {
                throw new IllegalStateException("fltrust aggregates only where the task's root dataset is held: an "
                        + "aggregator builds it with its root model (network.RootModel)");
            });
            default -> throw new IllegalArgumentException("unknown aggregation strategy '" + name + "', expected one of " + NAMES);
        };
    }

    @Override
    public String toString() {
        return "fedprox".equals(name) ? "fedprox(μ=" + proximalMu + ")" : create().toString();
    }
}
