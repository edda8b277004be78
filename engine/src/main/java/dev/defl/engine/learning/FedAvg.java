package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Federated Averaging, server step (McMahan, Moore, Ramage, Hampson, Agüera y Arcas 2017, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data", Algorithm 1): {@code w = Σ_k (n_k / n) · w_k} with
 * {@code n = Σ_k n_k}.
 *
 * <p>Bit-reproducible: for every element the products {@code n_k · w_k} are added in a {@code double} accumulator in
 * the order of the list as given (update 0 first), the sum is divided by {@code n} (as a double) and rounded once to
 * float. Doubles represent every {@code n_k · w_k} of a float exactly for {@code n_k < 2^29}, so the result does not
 * depend on the platform, only on the list order. The same list gives the same bits.
 */
public final class FedAvg {
    private FedAvg() {
    }

    /**
     * Averages client updates weighted by their sample counts.
     *
     * @param updates client updates, in a fixed order (e.g. by client index); the result depends on it only through
     *                floating-point rounding
     * @return the weighted average, same names and shapes as the updates
     * @throws IllegalArgumentException if {@code updates} is empty
     * @throws InvalidUpdateException   if an update has {@code numSamples <= 0}, different tensor names or shapes than
     *                                  update 0, or a NaN/±Inf value (the message names update index, tensor, element index)
     */
    public static ModelWeights aggregate(List<WeightedUpdate> updates) {
        if (updates == null || updates.isEmpty()) throw new IllegalArgumentException("FedAvg needs at least one update, got none");
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
        double total = n;
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : first.tensors().entrySet()) {
            String name = e.getKey();
            int size = e.getValue().size();
            double[] acc = new double[size];
            for (WeightedUpdate u : updates) {
                double nk = u.numSamples();
                float[] w = u.weights().tensors().get(name).values();
                for (int i = 0; i < size; i++) acc[i] += nk * w[i];
            }
            float[] avg = new float[size];
            for (int i = 0; i < size; i++) avg[i] = (float) (acc[i] / total);
            out.put(name, new Tensor(e.getValue().shape(), avg));
        }
        return new ModelWeights(out);
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
