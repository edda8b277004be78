package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Federated Averaging, server step (McMahan, Moore, Ramage, Hampson, Agüera y Arcas 2017, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data", Algorithm 1): {@code w = Σ_k (n_k / n) · w_k} with
 * {@code n = Σ_k n_k}.
 *
 * <p>Bit-reproducible: for every element the products {@code n_k · w_k} are added in a {@code double} accumulator in
 * the order of the list as given (update 0 first), the sum is divided by {@code n} (as a double) and rounded once to
 * float. Doubles represent every {@code n_k · w_k} of a float exactly for {@code n_k < 2^29}, so the result does not
 * depend on the platform, only on the list order. The same list gives the same bits.
 *
 * <p>Parallel: coordinate ranges run on several cores ({@link CoordinateRanges}); each coordinate still gets its
 * additions in list order, so the bits do not depend on the number of threads. No full-size {@code double} array is
 * allocated: each range has its own accumulator.
 */
public final class FedAvg {
    private FedAvg() {
    }

    /**
     * Averages client updates weighted by their sample counts, in parallel over coordinate ranges
     * ({@link CoordinateRanges#defaults()}); bit-identical to one sequential pass.
     *
     * @param updates client updates, in a fixed order (e.g. by client index); the result depends on it only through
     *                floating-point rounding
     * @return the weighted average, same names and shapes as the updates
     * @throws IllegalArgumentException if {@code updates} is empty
     * @throws InvalidUpdateException   if an update has {@code numSamples <= 0}, different tensor names or shapes than
     *                                  update 0, or a NaN/±Inf value (the message names update index, tensor, element index)
     */
    public static ModelWeights aggregate(List<WeightedUpdate> updates) {
        return aggregate(updates, CoordinateRanges.defaults());
    }

    /**
     * As {@link #aggregate(List)}, with the coordinate ranges and threads given by {@code ranges}. The result is the
     * same bits for every {@code ranges}.
     *
     * @throws IllegalArgumentException if {@code updates} is empty
     * @throws InvalidUpdateException   as {@link #aggregate(List)}
     */
    public static ModelWeights aggregate(List<WeightedUpdate> updates, CoordinateRanges ranges) {
        if (updates == null || updates.isEmpty()) throw new IllegalArgumentException("FedAvg needs at least one update, got none");
        ModelWeights result = tryAggregate(updates.getFirst().weights(), updates, ranges);
        if (result == null) {
            validate(updates);
            throw new IllegalStateException("FedAvg found an invalid update that validation did not name");
        }
        return result;
    }

    /**
     * The weighted average, or {@code null} if any update is invalid (null, {@code numSamples <= 0}, names or shapes
     * unlike {@code reference}, a non-finite value, or a sample total over {@code Long.MAX_VALUE}). Values are checked
     * during the one pass over them, not before; callers name the error by running their sequential validation.
     */
    static ModelWeights tryAggregate(ModelWeights reference, List<WeightedUpdate> updates, CoordinateRanges ranges) {
        float[][][] w = RoundInputs.valuesIfConsistent(reference, updates);
        if (w == null) return null;
        double[] nk = new double[updates.size()];
        long n = 0;
        for (int k = 0; k < nk.length; k++) {
            long s = updates.get(k).numSamples();
            n += s;
            if (n < 0) return null; // s > 0, so a negative sum is an overflow
            nk[k] = s;
        }
        double total = n;
        int[] sizes = RoundInputs.sizes(reference);
        float[][] avg = new float[sizes.length][];
        for (int t = 0; t < sizes.length; t++) avg[t] = new float[sizes[t]];
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(sizes, (t, from, to) -> {
            double[] acc = new double[to - from];
            weightedSum(w[t], nk, from, to, acc);
            float[] out = avg[t];
            boolean bad = false;
            for (int i = from; i < to; i++) {
                double a = acc[i - from];
                bad |= !Double.isFinite(a);
                out[i] = (float) (a / total);
            }
            if (bad) nonFinite.set(true);
        });
        return nonFinite.get() ? null : RoundInputs.weightsLike(reference, avg);
    }

    /**
     * The core of FedAvg for coordinates {@code [from, to)}: {@code acc[i − from] += n_k · w_k[i]} for every update
     * {@code k} in list order, so every coordinate sees the same additions in the same order as in one sequential
     * pass over whole tensors. The accumulator starts at zero. A non-finite sum means a non-finite input: with finite
     * floats and {@code n_k < 2^63} the sum of at most {@code 2^31} products stays below {@code 10^58}.
     */
    static void weightedSum(float[][] w, double[] nk, int from, int to, double[] acc) {
        for (int k = 0; k < w.length; k++) {
            double c = nk[k];
            float[] wk = w[k];
            for (int i = from; i < to; i++) acc[i - from] += c * wk[i];
        }
    }

    /** The checks of {@link #aggregate(List)} in their order (update by update); throws the first failure found. */
    private static void validate(List<WeightedUpdate> updates) {
        ModelWeights first = updates.getFirst().weights();
        long n = 0;
        for (int k = 0; k < updates.size(); k++) {
            WeightedUpdate u = updates.get(k);
            if (u.numSamples() <= 0) {
                throw new InvalidUpdateException(k, "update " + k + " has numSamples " + u.numSamples() + ", must be > 0");
            }
            n = Math.addExact(n, u.numSamples());
            checkCompatible(first, u.weights(), k);
            checkFinite(u.weights(), k);
        }
    }

    private static void checkCompatible(ModelWeights reference, ModelWeights w, int k) {
        if (!reference.tensors().keySet().equals(w.tensors().keySet())) {
            throw new InvalidUpdateException(k, "update " + k + " has tensors " + w.tensors().keySet()
                    + " but update 0 has " + reference.tensors().keySet());
        }
        for (Map.Entry<String, Tensor> e : reference.tensors().entrySet()) {
            Tensor t = w.tensors().get(e.getKey());
            if (!t.sameShape(e.getValue())) {
                throw new InvalidUpdateException(k, "tensor '" + e.getKey() + "' of update " + k + " has shape "
                        + Arrays.toString(t.shape()) + " but update 0 has " + Arrays.toString(e.getValue().shape()));
            }
        }
    }

    private static void checkFinite(ModelWeights w, int k) {
        for (Map.Entry<String, Tensor> e : w.tensors().entrySet()) {
            float[] v = e.getValue().values();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new InvalidUpdateException(k, "update " + k + " tensor '" + e.getKey() + "' element " + i + " is " + v[i]);
                }
            }
        }
    }
}
