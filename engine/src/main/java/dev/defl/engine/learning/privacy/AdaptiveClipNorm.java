package dev.defl.engine.learning.privacy;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy 2021, "Differentially Private Learning with Adaptive
 * Clipping", NeurIPS, Algorithm 1): the server moves the clip norm C towards the {@code γ}-quantile of the clients'
 * update norms, geometrically, from a noised count of the clients whose update was within C.
 *
 * <p>Each client reports the bit {@code b_i = 1[‖Δ_i‖₂ ≤ C]} ({@link DpFedAvgClient.Result#withinClipNorm()}). The
 * server computes {@code b̄ = (Σ b_i + N(0, σ_b²)) / m} and sets {@code C ← C · exp(−η_C · (b̄ − γ))}: C shrinks when
 * more than a fraction γ of the clients were within it, and grows otherwise.
 *
 * <p>The count noise σ_b is part of the privacy cost. The paper (Section 3, Theorem 1) splits one overall noise
 * multiplier z between the two queries: the updates are noised with
 * {@code z_Δ = (z⁻² − (2σ_b)⁻²)^{−1/2}} ({@link #updateNoiseMultiplier}) so that the round, updates and count
 * together, is the Gaussian mechanism with multiplier z, which is what {@link RdpAccountant} is then given. The paper's
 * recommendation, used by {@link #recommended(int)}, is σ_b = m/20 (m the expected clients per round), γ = 0.5,
 * η_C = 0.2.
 *
 * @param targetQuantile γ in [0, 1], the fraction of clients whose updates should end up unclipped
 * @param learningRate   η_C &gt; 0, the geometric step (dimensionless)
 * @param countNoise     σ_b ≥ 0, the standard deviation of the noise added to the count Σ b_i (in clients)
 */
public record AdaptiveClipNorm(double targetQuantile, double learningRate, double countNoise) {
    /** @throws IllegalArgumentException naming the parameter that is NaN, infinite or out of range */
    public AdaptiveClipNorm {
        if (!(targetQuantile >= 0 && targetQuantile <= 1)) {
            throw new IllegalArgumentException("target quantile γ must be in [0, 1], was " + targetQuantile);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("clip learning rate η_C must be finite and > 0, was " + learningRate);
        }
        if (!(countNoise >= 0) || Double.isInfinite(countNoise)) {
            throw new IllegalArgumentException("count noise σ_b must be finite and >= 0, was " + countNoise);
        }
    }

    /**
     * The paper's defaults for {@code clientsPerRound} expected clients: γ = 0.5, η_C = 0.2, σ_b = m/20.
     *
     * @throws IllegalArgumentException if {@code clientsPerRound < 1}
     */
    public static AdaptiveClipNorm recommended(int clientsPerRound) {
        if (clientsPerRound < 1) throw new IllegalArgumentException("clients per round m must be >= 1, was " + clientsPerRound);
        return new AdaptiveClipNorm(0.5, 0.2, clientsPerRound / 20.0);
    }

    /**
     * The noise multiplier for the updates, {@code z_Δ = (z⁻² − (2σ_b)⁻²)^{−1/2}}, such that updates noised with z_Δ
     * and the count noised with σ_b cost together what one Gaussian mechanism with multiplier {@code z} costs.
     *
     * @param noiseMultiplier z, the overall multiplier given to the accountant, &gt; 0
     * @param countNoise      σ_b &gt; 0
     * @throws IllegalArgumentException if z or σ_b is not finite and &gt; 0, or if {@code 2σ_b ≤ z} (the count alone
     *                                  would spend the whole budget)
     */
    public static double updateNoiseMultiplier(double noiseMultiplier, double countNoise) {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier z must be finite and > 0, was " + noiseMultiplier);
        }
        if (!(countNoise > 0) || Double.isInfinite(countNoise)) {
            throw new IllegalArgumentException("count noise σ_b must be finite and > 0 for a private count, was " + countNoise);
        }
        double rest = 1 / (noiseMultiplier * noiseMultiplier) - 1 / (4 * countNoise * countNoise);
        if (!(rest > 0)) {
            throw new IllegalArgumentException("count noise σ_b = " + countNoise + " is too small for z = " + noiseMultiplier
                    + ": need 2σ_b > z");
        }
        return 1 / Math.sqrt(rest);
    }

    /**
     * {@code b̄ = (withinCount + N(0, σ_b²)) / m}, the noised fraction of clients within C (may fall outside [0, 1]).
     *
     * @param withinCount     Σ b_i, how many of the round's clients had {@code ‖Δ‖₂ ≤ C}, in [0, m]
     * @param clientsPerRound m ≥ 1
     * @param random          the noise source (a {@link SecureRandom}, never the seeded training RNG)
     * @throws IllegalArgumentException if m &lt; 1 or the count is outside [0, m]
     */
    public double noisedFraction(int withinCount, int clientsPerRound, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        if (clientsPerRound < 1) throw new IllegalArgumentException("clients per round m must be >= 1, was " + clientsPerRound);
        if (withinCount < 0 || withinCount > clientsPerRound) {
            throw new IllegalArgumentException("count of clients within C must be in [0, " + clientsPerRound + "], was " + withinCount);
        }
        double noise = countNoise > 0 ? countNoise * random.nextGaussian() : 0;
        return (withinCount + noise) / clientsPerRound;
    }

    /**
     * The next clip norm from a (noised) fraction: {@code C · exp(−η_C · (b̄ − γ))}. Pure and bit-reproducible
     * ({@link StrictMath#exp}).
     *
     * @param clipNorm      the current C, finite and &gt; 0
     * @param noisedFraction b̄, finite
     * @throws IllegalArgumentException if C is not finite and &gt; 0 or b̄ is NaN or infinite
     */
    public double next(double clipNorm, double noisedFraction) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm C must be finite and > 0, was " + clipNorm);
        }
        if (!Double.isFinite(noisedFraction)) {
            throw new IllegalArgumentException("fraction of clients within C must be finite, was " + noisedFraction);
        }
        // StrictMath: the same bits on every JVM, as aggregators that must agree on the aggregate's CID need
        return clipNorm * StrictMath.exp(-learningRate * (noisedFraction - targetQuantile));
    }

    /**
     * One server update: {@link #next(double, double)} of {@link #noisedFraction(int, int, SecureRandom)}.
     *
     * @throws IllegalArgumentException as those two do
     */
    public double next(double clipNorm, int withinCount, int clientsPerRound, SecureRandom random) {
        return next(clipNorm, noisedFraction(withinCount, clientsPerRound, random));
    }
}
