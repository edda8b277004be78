package dev.defl.engine.learning.privacy;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Adaptive clipping ({@link AdaptiveClipNorm}, Andrew et al. 2021) in a decentralized task, where every aggregator must
 * compute the same aggregate bit for bit and the count of clients within C is noised by the clients themselves
 * (distributed noise, like the updates):
 *
 * <ol>
 *   <li>a client starts round r from the global model of round r−1 and reads the current C from its safetensors
 *       {@code __metadata__} key {@value #KEY_CLIP_NORM} (round 1, whose initial model has none: the task's initial
 *       C);</li>
 *   <li>it clips and noises its update with C and the update multiplier z_Δ
 *       ({@link AdaptiveClipNorm#updateNoiseMultiplier}, z_Δ = 0 when z = 0), and writes its noised bit
 *       {@code b_i + N(0, σ_b²/m)}, {@code b_i = 1[‖Δ‖₂ ≤ C]}, noise from a {@link SecureRandom}, into the update's
 *       metadata under {@value #KEY_WITHIN_CLIP} ({@link Double#toString}), so the sum of m bits carries noise σ_b;</li>
 *   <li>the aggregators sum the bits in the round's canonical update order, {@code b̄ = Σ / m} (clamped to [−1, 2], a
 *       post-processing step that bounds what one dishonest client can do to C), compute
 *       {@code C' = C · exp(−η_C (b̄ − γ))} ({@link StrictMath}) and write C' into the aggregate's metadata
 *       ({@link Double#toString}): equal inputs give equal bytes, hence one CID.</li>
 * </ol>
 *
 * <p>Parameters: γ from the task, η_C = {@value #LEARNING_RATE}, σ_b = max(m/20, z), m the task's clients per round:
 * the paper's m/20 ({@link AdaptiveClipNorm#recommended}) wherever it leaves room for z (2σ_b &gt; z), else z, so that a
 * round of few clients still adapts C, at the price of an update multiplier z_Δ at most 2/√3 ≈ 1.155 times z and a
 * noisier count (σ_b/m on b̄). The accountant is given the overall multiplier z: the updates (z_Δ) and the count
 * (σ_b) together cost what one Gaussian mechanism with multiplier z costs (the paper's Theorem 1).
 *
 * @param rule                  γ, η_C and σ_b
 * @param noiseMultiplier       z, the overall multiplier the accountant is given, ≥ 0
 * @param clientsPerRound       m ≥ 1
 * @param updateNoiseMultiplier z_Δ, the multiplier the updates are noised with (0 when z = 0)
 */
public record AdaptiveClipping(AdaptiveClipNorm rule, double noiseMultiplier, int clientsPerRound,
                               double updateNoiseMultiplier) {
    /** Global-model metadata key: the clip norm C for the round that starts from this model (decimal, Java format). */
    public static final String KEY_CLIP_NORM = "dp_clip_norm";
    /** Update metadata key: the client's noised bit {@code 1[‖Δ‖₂ ≤ C] + N(0, σ_b²/m)} (decimal, Java format). */
    public static final String KEY_WITHIN_CLIP = "dp_within_clip";
    /** η_C, the geometric step of C per round (Andrew et al. 2021's recommendation). */
    public static final double LEARNING_RATE = 0.2;
    /** Bounds of b̄ the aggregators use: honest rounds are far inside them (b̄'s noise has σ = 1/20). */
    static final double MIN_FRACTION = -1, MAX_FRACTION = 2;

    /** @throws IllegalArgumentException naming the parameter out of range */
    public AdaptiveClipping {
        Objects.requireNonNull(rule, "rule");
        if (clientsPerRound < 1) throw new IllegalArgumentException("clients per round m must be >= 1, was " + clientsPerRound);
    }

    /**
     * The adaptive clipping of a task with DP setting {@code dp} (γ = its target quantile) and {@code clientsPerRound}
     * clients a round.
     *
     * @throws IllegalArgumentException if {@code dp} is not adaptive or m &lt; 1
     */
    public static AdaptiveClipping forTask(DpSetting dp, int clientsPerRound) {
        Objects.requireNonNull(dp, "dp");
        if (!dp.adaptive()) throw new IllegalArgumentException("the DP setting " + dp + " has no adaptive clipping");
        AdaptiveClipNorm recommended = AdaptiveClipNorm.recommended(clientsPerRound);
        double z = dp.noiseMultiplier();
        AdaptiveClipNorm rule = new AdaptiveClipNorm(dp.targetQuantile(), LEARNING_RATE,
                Math.max(recommended.countNoise(), z));
        double zDelta = z > 0 ? AdaptiveClipNorm.updateNoiseMultiplier(z, rule.countNoise()) : 0;
        return new AdaptiveClipping(rule, z, clientsPerRound, zDelta);
    }

    /**
     * The clip norm C of the round that starts from a model with metadata {@code globalMetadata}: its
     * {@value #KEY_CLIP_NORM}, or {@code initialClipNorm} when it has none (the task's initial model).
     *
     * @throws IllegalArgumentException if the key's value is not a finite decimal &gt; 0 (naming the key and value)
     */
    public static double clipNorm(Map<String, String> globalMetadata, double initialClipNorm) {
        String text = globalMetadata == null ? null : globalMetadata.get(KEY_CLIP_NORM);
        if (text == null) return initialClipNorm;
        double c;
        try {
            c = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("global model metadata " + KEY_CLIP_NORM + " is not a number: '" + text + "'");
        }
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("global model metadata " + KEY_CLIP_NORM + " must be finite and > 0, was " + text);
        }
        return c;
    }

    /** The client step with clip norm {@code clipNorm}: C, z_Δ, m. */
    public DpFedAvgClient.Params clientParams(double clipNorm) {
        return new DpFedAvgClient.Params(clipNorm, updateNoiseMultiplier, clientsPerRound);
    }

    /** The standard deviation of the noise on one client's bit, σ_b/√m. */
    public double bitNoiseStdDev() {
        return rule.countNoise() / Math.sqrt(clientsPerRound);
    }

    /**
     * A client's noised bit, {@code 1[within] + N(0, σ_b²/m)}.
     *
     * @param random the noise source (a {@link SecureRandom}, never the seeded training RNG)
     */
    public double noisedBit(boolean within, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        double sd = bitNoiseStdDev();
        return (within ? 1.0 : 0.0) + (sd > 0 ? sd * random.nextGaussian() : 0);
    }

    /** The update metadata: the task's model metadata plus {@value #KEY_WITHIN_CLIP} = {@code noisedBit}. */
    public static Map<String, String> updateMetadata(Map<String, String> taskMetadata, double noisedBit) {
        Map<String, String> m = new TreeMap<>(taskMetadata);
        m.put(KEY_WITHIN_CLIP, Double.toString(noisedBit));
        return m;
    }

    /**
     * The noised bit an update reports, or 0 when its metadata has none or it is not a finite number (a client that
     * does not follow the protocol counts as clipped).
     */
    public static double reportedBit(Map<String, String> updateMetadata) {
        String text = updateMetadata == null ? null : updateMetadata.get(KEY_WITHIN_CLIP);
        if (text == null) return 0;
        try {
            double b = Double.parseDouble(text);
            return Double.isFinite(b) ? b : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The next clip norm from the round's updates' metadata, in the round's canonical order:
     * {@code C · exp(−η_C (clamp(Σ b_i / m, −1, 2) − γ))}. Bit-reproducible: the sum runs in the order given.
     *
     * @param clipNorm       the round's C, finite and &gt; 0
     * @param updateMetadata each update's {@code __metadata__}, in canonical order
     * @throws IllegalArgumentException if C is not finite and &gt; 0
     */
    public double nextClipNorm(double clipNorm, List<Map<String, String>> updateMetadata) {
        double sum = 0;
        for (Map<String, String> m : updateMetadata) sum += reportedBit(m);
        double fraction = Math.min(MAX_FRACTION, Math.max(MIN_FRACTION, sum / clientsPerRound));
        return rule.next(clipNorm, fraction);
    }

    /** The aggregate's metadata: the task's model metadata plus {@value #KEY_CLIP_NORM} = {@code nextClipNorm}. */
    public static Map<String, String> globalMetadata(Map<String, String> taskMetadata, double nextClipNorm) {
        Map<String, String> m = new TreeMap<>(taskMetadata);
        m.put(KEY_CLIP_NORM, Double.toString(nextClipNorm));
        return m;
    }
}
