package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks one round's inputs for an {@link AggregationStrategy} and gives its coordinates in the fixed order the
 * strategies share: tensors in name order, elements row-major, updates in submission order.
 */
final class RoundInputs {
    private RoundInputs() {
    }

    /**
     * @throws IllegalArgumentException if {@code updates} is null or empty (message names {@code strategy})
     * @throws InvalidUpdateException   on {@code numSamples <= 0}, a name/shape mismatch with {@code global}, or a
     *                                  NaN/±Inf value, naming update index, tensor and element
     */
    static void check(String strategy, ModelWeights global, List<WeightedUpdate> updates) {
        Objects.requireNonNull(global, "global");
        if (updates == null || updates.isEmpty()) {
            throw new IllegalArgumentException(strategy + " needs at least one update, got none");
        }
        for (int k = 0; k < updates.size(); k++) {
            WeightedUpdate u = Objects.requireNonNull(updates.get(k), "update " + k);
            if (u.numSamples() <= 0) {
                throw new InvalidUpdateException(k, "update " + k + " has numSamples " + u.numSamples() + ", must be > 0");
            }
            ModelWeights w = u.weights();
            if (!global.tensors().keySet().equals(w.tensors().keySet())) {
                throw new InvalidUpdateException(k, "update " + k + " has tensors " + w.tensors().keySet()
                        + " but the global model has " + global.tensors().keySet());
            }
            for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
                Tensor t = w.tensors().get(e.getKey());
                if (!t.sameShape(e.getValue())) {
                    throw new InvalidUpdateException(k, "tensor '" + e.getKey() + "' of update " + k + " has shape "
                            + Arrays.toString(t.shape()) + " but the global model has " + Arrays.toString(e.getValue().shape()));
                }
                float[] v = t.values();
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite(v[i])) {
                        throw new InvalidUpdateException(k, "update " + k + " tensor '" + e.getKey() + "' element " + i + " is " + v[i]);
                    }
                }
            }
        }
    }

    /**
     * Checks the round's inputs as {@link #check} does and returns the sample-weighted mean
     * {@code Σ_k n_k · w_k / Σ_k n_k} per tensor, in {@code double}, not rounded (products summed in list order, as in
     * {@link FedAvg}), computed over coordinate ranges in parallel. Values are checked during the one pass over them;
     * on any problem the sequential {@link #check} names it.
     *
     * @throws IllegalArgumentException if {@code updates} is null or empty
     * @throws InvalidUpdateException   as {@link #check}
     * @throws ArithmeticException      if {@code Σ_k n_k} exceeds {@code Long.MAX_VALUE}
     */
    static SortedMap<String, double[]> checkedWeightedMean(String strategy, ModelWeights global, List<WeightedUpdate> updates,
                                                           CoordinateRanges ranges) {
        Objects.requireNonNull(global, "global");
        float[][][] w = updates == null || updates.isEmpty() ? null : valuesIfConsistent(global, updates);
        if (w == null) {
            check(strategy, global, updates);
            throw new IllegalStateException(strategy + " found an invalid update that validation did not name");
        }
        double[] nk = new double[updates.size()];
        long n = 0;
        boolean overflow = false;
        for (int k = 0; k < nk.length; k++) {
            long s = updates.get(k).numSamples();
            n += s;
            overflow |= n < 0; // every s > 0
            nk[k] = s;
        }
        double total = overflow ? 1 : n;
        int[] sizes = sizes(global);
        double[][] mean = new double[sizes.length][];
        for (int t = 0; t < sizes.length; t++) mean[t] = new double[sizes[t]];
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(sizes, (t, from, to) -> {
            double[] acc = new double[to - from];
            FedAvg.weightedSum(w[t], nk, from, to, acc);
            double[] out = mean[t];
            boolean bad = false;
            for (int i = from; i < to; i++) {
                double a = acc[i - from];
                bad |= !Double.isFinite(a);
                out[i] = a / total;
            }
            if (bad) nonFinite.set(true);
        });
        if (nonFinite.get()) {
            check(strategy, global, updates);
            throw new IllegalStateException(strategy + " found a non-finite value that validation did not name");
        }
        if (overflow) {
            long sum = 0;
            for (WeightedUpdate u : updates) sum = Math.addExact(sum, u.numSamples());
        }
        SortedMap<String, double[]> out = new TreeMap<>();
        int t = 0;
        for (String name : global.tensors().keySet()) out.put(name, mean[t++]);
        return out;
    }

    /**
     * The updates' value arrays as {@code [tensor, in name order][update, in list order]}, or {@code null} if an update
     * is null, has {@code numSamples <= 0}, or has other tensor names or shapes than {@code reference}. Does not look
     * at the values themselves.
     */
    static float[][][] valuesIfConsistent(ModelWeights reference, List<WeightedUpdate> updates) {
        Map<String, Tensor> ref = reference.tensors();
        float[][][] w = new float[ref.size()][updates.size()][];
        for (int k = 0; k < updates.size(); k++) {
            WeightedUpdate u = updates.get(k);
            if (u == null || u.numSamples() <= 0) return null;
            Map<String, Tensor> tensors = u.weights().tensors();
            if (!ref.keySet().equals(tensors.keySet())) return null;
            int t = 0;
            for (Map.Entry<String, Tensor> e : ref.entrySet()) {
                Tensor x = tensors.get(e.getKey());
                if (!x.sameShape(e.getValue())) return null;
                w[t++][k] = x.values();
            }
        }
        return w;
    }

    /** Element counts of {@code reference}'s tensors, in name order. */
    static int[] sizes(ModelWeights reference) {
        return reference.tensors().values().stream().mapToInt(Tensor::size).toArray();
    }

    /** Tensors with {@code reference}'s names and shapes (name order) and the given values. */
    static ModelWeights weightsLike(ModelWeights reference, float[][] values) {
        Map<String, Tensor> out = new TreeMap<>();
        int t = 0;
        for (Map.Entry<String, Tensor> e : reference.tensors().entrySet()) {
            out.put(e.getKey(), new Tensor(e.getValue().shape(), values[t++]));
        }
        return new ModelWeights(out);
    }

    /** Rounds each {@code double} once to {@code float}, keeping {@code global}'s shapes. */
    static ModelWeights round(ModelWeights global, SortedMap<String, double[]> values) {
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            double[] d = values.get(e.getKey());
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            out.put(e.getKey(), new Tensor(e.getValue().shape(), f));
        }
        return new ModelWeights(out);
    }

    /** Deep copy of per-tensor state arrays (names in sorted order). */
    static SortedMap<String, double[]> copyState(SortedMap<String, double[]> state) {
        SortedMap<String, double[]> copy = new TreeMap<>();
        for (Map.Entry<String, double[]> e : state.entrySet()) copy.put(e.getKey(), e.getValue().clone());
        return copy;
    }
}
