package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coordinate-wise β-trimmed mean (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", ICML, Option II "trimmed mean"): for every scalar, the {@code n} update values
 * are sorted, the {@code b = ⌊β·n⌋} largest and {@code b} smallest are dropped, and the remaining {@code n − 2b} are
 * averaged (unweighted: sample counts are ignored). The sum runs in {@code double} in ascending order and is
 * rounded once. {@code β = 0} is the plain unweighted mean. Stateless and bit-reproducible.
 */
public final class TrimmedMean implements AggregationStrategy {
    private final double beta;

    /**
     * @param beta fraction trimmed at each end, {@code 0 <= β < 0.5}
     * @throws IllegalArgumentException if {@code β} is outside {@code [0, 0.5)} or NaN
     */
    public TrimmedMean(double beta) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("trimmed-mean β must be in [0, 0.5), got " + beta);
        }
        this.beta = beta;
    }

    /** The fraction trimmed at each end. */
    public double beta() {
        return beta;
    }

    /** Values dropped at each end for {@code n} updates: {@code ⌊β·n⌋} (always {@code < n/2}). */
    public int trimmedPerSide(int n) {
        return (int) Math.floor(beta * n);
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        RoundInputs.check(name(), global, updates);
        int n = updates.size();
        int b = trimmedPerSide(n);
        double kept = n - 2 * b;
        Map<String, Tensor> out = new TreeMap<>();
        float[] column = new float[n];
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            float[] mean = new float[size];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < n; k++) column[k] = updates.get(k).weights().tensors().get(e.getKey()).values()[i];
                Arrays.sort(column);
                double acc = 0;
                for (int k = b; k < n - b; k++) acc += column[k];
                mean[i] = (float) (acc / kept);
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), mean));
        }
        return new ModelWeights(out);
    }

    @Override
    public String name() {
        return "trimmed-mean";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(β=" + beta + ")";
    }
}
