package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards
 * Optimal Statistical Rates", ICML, Option I "median"): every scalar of the new model is the median of that scalar
 * over the updates. For an even number of updates it is the mean of the two middle values, computed in
 * {@code double} and rounded once. Sample counts are ignored (a Byzantine client can lie about them). Stateless and
 * bit-reproducible: {@link Arrays#sort(float[])} gives one total order ({@code -0.0 < 0.0}).
 */
public final class FedMedian implements AggregationStrategy {
    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        RoundInputs.check(name(), global, updates);
        int n = updates.size();
        Map<String, Tensor> out = new TreeMap<>();
        float[] column = new float[n];
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            float[] med = new float[size];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < n; k++) column[k] = updates.get(k).weights().tensors().get(e.getKey()).values()[i];
                Arrays.sort(column);
                med[i] = n % 2 == 1 ? column[n / 2] : (float) (((double) column[n / 2 - 1] + column[n / 2]) / 2.0);
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), med));
        }
        return new ModelWeights(out);
    }

    @Override
    public String name() {
        return "fedmedian";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name();
    }
}
