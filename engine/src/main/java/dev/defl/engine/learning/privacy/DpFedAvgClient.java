package dev.defl.engine.learning.privacy;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The client step of DP-FedAvg (McMahan, Ramage, Talwar, Zhang 2018, "Learning Differentially Private Recurrent
 * Language Models", Algorithm 1 with flat clipping), with the noise added by each client ("distributed noise"): the
 * update delta {@code Δ = trained − global} is clipped to L2 norm {@code C} over all tensors together,
 * {@code Δ ← Δ · min(1, C/‖Δ‖₂)}, and every coordinate gets independent Gaussian noise of standard deviation
 * {@code z·C/√m}, so that the sum of {@code m} such updates carries noise of standard deviation {@code z·C}, the
 * mechanism whose privacy {@link RdpAccountant} accounts (sensitivity C, noise multiplier z).
 *
 * <p>The noise comes from {@link SecureRandom} only, never from the seeded training RNG: with a known seed anyone
 * could subtract it. Arithmetic is in double; the result is rounded to F32 once per coordinate.
 *
 * <p>Stateless; thread-safe if the {@link SecureRandom} passed in is (the JDK's are).
 */
public final class DpFedAvgClient {
    private DpFedAvgClient() {
    }

    /**
     * The parameters of one round's client step.
     *
     * @param clipNorm        C, the L2 bound on a client's update delta over all tensors, in the weights' units, finite
     *                        and &gt; 0
     * @param noiseMultiplier z ≥ 0 (0: clipping only, no privacy)
     * @param clientsPerRound m ≥ 1, the number of clients whose updates are summed this round
     */
    public record Params(double clipNorm, double noiseMultiplier, int clientsPerRound) {
        /** @throws IllegalArgumentException naming the parameter that is NaN, infinite or out of range */
        public Params {
            if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("clip norm C must be finite and > 0, was " + clipNorm);
            }
            if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
                throw new IllegalArgumentException("noise multiplier z must be finite and >= 0, was " + noiseMultiplier);
            }
            if (clientsPerRound < 1) throw new IllegalArgumentException("clients per round m must be >= 1, was " + clientsPerRound);
        }

        /** {@code z·C/√m}: the standard deviation of the noise on each coordinate of one client's update. */
        public double perUpdateNoiseStdDev() {
            return noiseMultiplier * clipNorm / Math.sqrt(clientsPerRound);
        }
    }

    /**
     * What a client sends instead of its trained weights.
     *
     * @param weights     {@code global + clip(Δ) + noise}, same names and shapes as the inputs
     * @param preClipNorm ‖Δ‖₂ before clipping (for adaptive clipping: the client reports whether it was ≤ C)
     * @param scale       the clipping factor applied to Δ, {@code min(1, C/‖Δ‖₂)}, in (0, 1]
     * @param noiseStdDev the per-coordinate noise standard deviation used, {@link Params#perUpdateNoiseStdDev()}
     */
    public record Result(ModelWeights weights, double preClipNorm, double scale, double noiseStdDev) {
        /** Whether the unclipped delta was within C ({@code scale == 1}): the bit {@code b_i} of adaptive clipping. */
        public boolean withinClipNorm() {
            return scale == 1.0;
        }
    }

    /**
     * The L2 norm of {@code trained − global} over all tensors together, in double.
     *
     * @throws IllegalArgumentException if the tensor names or shapes differ, or a value is NaN or infinite (naming
     *                                  the tensor, the index and which weights)
     */
    public static double deltaNorm(ModelWeights global, ModelWeights trained) {
        checkCompatible(global, trained);
        double sum = 0;
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            float[] g = e.getValue().values(), t = trained.tensor(e.getKey()).values();
            for (int i = 0; i < g.length; i++) {
                double d = (double) t[i] - g[i];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Clips and noises one client's update with noise from a new {@link SecureRandom}.
     *
     * @see #privatize(ModelWeights, ModelWeights, Params, SecureRandom)
     */
    public static Result privatize(ModelWeights global, ModelWeights trained, Params params) {
        return privatize(global, trained, params, new SecureRandom());
    }

    /**
     * Clips and noises one client's update: {@code global + Δ·min(1, C/‖Δ‖₂) + N(0, (z·C/√m)²)} per coordinate.
     *
     * @param global  the round's global model, the weights the client started from
     * @param trained the client's weights after local training (same names and shapes)
     * @param params  C, z, m
     * @param random  the noise source (a {@link SecureRandom}: never the seeded training RNG)
     * @throws IllegalArgumentException if the names or shapes differ or a value is NaN or infinite (naming the
     *                                  tensor, the index and which weights)
     */
    public static Result privatize(ModelWeights global, ModelWeights trained, Params params, SecureRandom random) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(random, "random");
        double norm = deltaNorm(global, trained);
        double scale = norm > params.clipNorm() ? params.clipNorm() / norm : 1.0;
        double sd = params.perUpdateNoiseStdDev();
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            float[] g = e.getValue().values(), t = trained.tensor(e.getKey()).values();
            float[] v = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                double d = ((double) t[i] - g[i]) * scale;
                if (sd > 0) d += sd * random.nextGaussian();
                v[i] = (float) (g[i] + d);
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), v));
        }
        return new Result(new ModelWeights(out), norm, scale, sd);
    }

    private static void checkCompatible(ModelWeights global, ModelWeights trained) {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(trained, "trained");
        if (!global.sameShapes(trained)) {
            throw new IllegalArgumentException("trained weights " + trained + " do not match the global model " + global);
        }
        checkFinite("global", global);
        checkFinite("trained", trained);
    }

    private static void checkFinite(String which, ModelWeights w) {
        for (Map.Entry<String, Tensor> e : w.tensors().entrySet()) {
            float[] v = e.getValue().values();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException(which + " weights: tensor '" + e.getKey() + "' has " + v[i] + " at index " + i);
                }
            }
        }
    }
}
