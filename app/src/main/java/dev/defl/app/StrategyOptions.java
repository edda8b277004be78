package dev.defl.app;

import dev.defl.engine.learning.StrategySpec;
import picocli.CommandLine.Option;

/** The aggregation strategy options ({@code --strategy} and its parameters) of {@code run} and {@code task create}. */
final class StrategyOptions {

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "fedavg",
            description = "Aggregation strategy: fedavg, fedprox (FedAvg + client proximal term), fedavgm, fedadam, fedyogi, "
                    + "fedadagrad, fedmedian, trimmed-mean, krum, multi-krum, bulyan, centered-clipping, geometric-median, "
                    + "norm-bounding, fltrust (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--krum-f", paramLabel = "F",
            description = "krum, multi-krum, bulyan: Byzantine clients tolerated (default 1; bulyan needs 4F + 3 updates).")
    Integer krumF;

    @Option(names = "--multi-krum-m", paramLabel = "M", description = "multi-krum: updates averaged (default n − f).")
    Integer multiKrumM;

    @Option(names = {"--prox-mu", "--mu"}, paramLabel = "MU",
            description = "fedprox: proximal coefficient μ of the clients' local objective, >= 0 (default 0.01).")
    Double proxMu;

    @Option(names = "--clip-radius", paramLabel = "R",
            description = "norm-bounding: the norm bound M; centered-clipping: the clipping radius τ; >= 0 "
                    + "(default 0: each round's median update norm, or median distance).")
    Double clipRadius;

    @Option(names = "--root-dataset", paramLabel = "CID",
            description = "fltrust: the root dataset the aggregators train on, the manifest CID of a small clean dataset "
                    + "(defl dataset publish). defl run samples 100 training rows when it is not given.")
    String rootDataset;

    @Option(names = "--byzantine", paramLabel = "F",
            description = "Byzantine clients the task must tolerate per round: krum, multi-krum and bulyan take f = F and "
                    + "trimmed-mean β = F/n unless --krum-f or --trimmed-beta say otherwise; refused before anything starts "
                    + "when the rule cannot (krum: n < 2F + 3, bulyan: n < 4F + 3, trimmed-mean: β >= 0.5, median: F >= n/2, "
                    + "fedavg and the server optimizers: F > 0).")
    Integer byzantine;

    /** {@code --strategy} with its defaults, overridden by the strategy options given. */
    StrategySpec spec() {
        return spec(0);
    }

    /**
     * As {@link #spec()}, for rounds of {@code n} updates: with {@code --byzantine F}, the rule's Byzantine parameters
     * come from F (unless given) and the rule is checked to withstand F of n.
     *
     * @throws IllegalArgumentException naming the rule's condition when it cannot tolerate F of n
     */
    StrategySpec spec(int n) {
        StrategySpec d = StrategySpec.of(strategy);
        if (byzantine != null) d = d.tolerating(byzantine, n);
        StrategySpec s = build(d);
        if (byzantine != null) s.checkTolerates(byzantine, n);
        return s;
    }

    private StrategySpec build(StrategySpec d) {
        return new StrategySpec(strategy, serverLr != null ? serverLr : d.serverLr(),
                momentum != null ? momentum : d.momentum(), trimmedBeta != null ? trimmedBeta : d.trimmedBeta(),
                krumF != null ? krumF : d.krumF(), multiKrumM != null ? multiKrumM : d.multiKrumM(),
                proxMu != null ? proxMu : d.proximalMu(), clipRadius != null ? clipRadius : d.clipRadius(),
                rootDataset(strategy));
    }

    private String rootDataset(String name) {
        if (rootDataset == null) return null;
        if (!"fltrust".equals(name)) throw new IllegalArgumentException("--root-dataset applies only to --strategy fltrust, not " + name);
        try {
            dev.defl.engine.content.Cid.parse(rootDataset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--root-dataset '" + rootDataset + "' is not a CID: " + e.getMessage(), e);
        }
        return rootDataset;
    }
}
