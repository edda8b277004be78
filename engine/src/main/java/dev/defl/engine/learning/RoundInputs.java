package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

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
     * The sample-weighted mean {@code Σ_k n_k · w_k / Σ_k n_k} per tensor, in {@code double}, not rounded (products
     * summed in list order, as in {@link FedAvg}). Inputs must have passed {@link #check}.
     */
    static SortedMap<String, double[]> weightedMean(ModelWeights global, List<WeightedUpdate> updates) {
        long n = 0;
        for (WeightedUpdate u : updates) n = Math.addExact(n, u.numSamples());
        double total = n;
        SortedMap<String, double[]> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            double[] acc = new double[size];
            for (WeightedUpdate u : updates) {
                double nk = u.numSamples();
                float[] w = u.weights().tensors().get(e.getKey()).values();
                for (int i = 0; i < size; i++) acc[i] += nk * w[i];
            }
            for (int i = 0; i < size; i++) acc[i] /= total;
            out.put(e.getKey(), acc);
        }
        return out;
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
