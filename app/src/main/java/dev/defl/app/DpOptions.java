package dev.defl.app;

import dev.defl.engine.learning.privacy.DpSetting;
import picocli.CommandLine.Option;

/**
 * {@code --dp-clip}, {@code --dp-noise} and {@code --dp-delta}: client-level differential privacy (DP-FedAvg) of a run
 * or a task. Absent {@code --dp-clip} and {@code --dp-noise}, there is none.
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

    /**
     * The DP setting these options describe, or {@code null} for none.
     *
     * @throws IllegalArgumentException naming the option that is missing or out of range
     */
    DpSetting setting() {
        if (clip == null && noise == null) {
            if (delta != null) throw new IllegalArgumentException("--dp-delta needs --dp-clip and --dp-noise");
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
        return new DpSetting(clip, noise, d);
    }
}
