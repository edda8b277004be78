package dev.defl.engine.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tiny models for strategy tests: one tensor {@code "0.weight" [1, 4]}, or two tensors for multi-tensor cases. */
final class StrategyVectors {
    private StrategyVectors() {
    }

    static ModelWeights model(float... w) {
        return new ModelWeights(Map.of("0.weight", new Tensor(new long[] {1, w.length}, w)));
    }

    static ModelWeights twoTensors(float[] w, float[] b) {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("0.weight", new Tensor(new long[] {1, w.length}, w));
        t.put("0.bias", new Tensor(new long[] {b.length}, b));
        return new ModelWeights(t);
    }

    /** Updates with 1 sample each. */
    static List<WeightedUpdate> updates(ModelWeights... models) {
        List<WeightedUpdate> out = new ArrayList<>();
        for (ModelWeights m : models) out.add(new WeightedUpdate(m, 1));
        return out;
    }

    static float[] values(ModelWeights w) {
        return w.tensor("0.weight").values();
    }
}
