package dev.defl.app;

import dev.defl.engine.learning.privacy.DpSetting;
import picocli.CommandLine.Option;

/**
 * {@code --dp-clip}, {@code --dp-noise}, {@code --dp-delta}, {@code --dp-adaptive} and {@code --dp-target-quantile}:
 * client-level differential privacy (DP-FedAvg, optionally with adaptive clipping) of a run or a task. Absent
 * {@code --dp-clip} and {@code --dp-noise}, there is none.
 */
final class DpOptions {
    /** δ when {@code --dp-delta} is not given. */
    static final double DEFAULT_DELTA = 1e-5;

    @Option(names = "--dp-clip", paramLabel = "C",
            description = "Differential privacy: each client clips its update delta to L2 norm C > 0 "
                    + "(needs --dp-noise; default: no DP).")
    Double clip;

    @Option(names = "--dp-noise", paramLabel = "Z",
            description = "Differential privacy: noise multiplier z >= 0; each client adds Gaussian noise of standard "
                    + "deviation z·C/√m to each coordinate, m = clients per round (needs --dp-clip).")
    Double noise;

    @Option(names = "--dp-delta", paramLabel = "D",
            description = "Differential privacy: δ in (0, 1) of the reported (ε, δ) (default: " + DEFAULT_DELTA + ").")
    Double delta;

    @Option(names = "--dp-adaptive",
            description = "Differential privacy: adaptive clipping (Andrew et al. 2021): C moves each round towards the "
                    + "target quantile of the clients' update norms; --dp-clip is the initial C. The count of clients "
                    + "within C is noised with σ_b = max(m/20, z) (m = clients per round); the updates then use a "
                    + "slightly larger multiplier, at most 1.155 z, so that ε stays that of z.")
    boolean adaptive;

    @Option(names = "--dp-target-quantile", paramLabel = "Q",
            description = "Differential privacy: with --dp-adaptive, the fraction γ in [0, 1] of clients whose updates "
                    + "should end up unclipped (default: " + DpSetting.DEFAULT_TARGET_QUANTILE + ").")
    Double targetQuantile;

    /**
     * The DP setting these options describe, or {@code null} for none.
     *
     * @throws IllegalArgumentException naming the option that is missing or out of range
     */
    DpSetting setting() {
        if (targetQuantile != null && !adaptive) throw new IllegalArgumentException("--dp-target-quantile needs --dp-adaptive");
        if (clip == null && noise == null) {
            if (delta != null) throw new IllegalArgumentException("--dp-delta needs --dp-clip and --dp-noise");
            if (adaptive) throw new IllegalArgumentException("--dp-adaptive needs --dp-clip (the initial C) and --dp-noise");
            return null;
        }
        if (clip == null) throw new IllegalArgumentException("--dp-noise needs --dp-clip");
        if (noise == null) throw new IllegalArgumentException("--dp-clip needs --dp-noise");
        if (!(clip > 0) || clip.isInfinite()) {
            throw new IllegalArgumentException("--dp-clip must be a finite number > 0, not " + clip);
        }
        if (!(noise >= 0) || noise.isInfinite()) {
            throw new IllegalArgumentException("--dp-noise must be a finite number >= 0, not " + noise);
        }
        double d = delta != null ? delta : DEFAULT_DELTA;
        if (!(d > 0 && d < 1)) throw new IllegalArgumentException("--dp-delta must be in (0, 1), not " + d);
        if (!adaptive) return new DpSetting(clip, noise, d);
        double q = targetQuantile != null ? targetQuantile : DpSetting.DEFAULT_TARGET_QUANTILE;
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("--dp-target-quantile must be in [0, 1], not " + q);
        return new DpSetting(clip, noise, d, q);
    }
}
