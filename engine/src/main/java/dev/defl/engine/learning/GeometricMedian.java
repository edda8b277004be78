package dev.defl.engine.learning;

import java.util.List;

/**
 * The geometric median of the updates by the smoothed Weiszfeld algorithm: RFA (Pillutla, Kakade, Harchaoui 2022,
 * "Robust Aggregation for Federated Learning", IEEE Transactions on Signal Processing, Algorithm 2). With weights
 * {@code α_k = n_k / Σ n} (sample counts, as the paper), start at the weighted mean {@code v} and {@code T} times set
 * <pre>
 *   β_k = α_k / max(ν, ‖v − w_k‖),   v ← Σ β_k w_k / Σ β_k
 * </pre>
 * ({@code ν} the smoothing that keeps a step defined when {@code v} sits on an update). The minimiser of
 * {@code Σ α_k ‖v − w_k‖} has breakdown point 1/2: fewer than half the weight cannot move it arbitrarily far.
 * A fixed iteration count ({@code T} = 3 by default: the paper reports that a few suffice) keeps the result
 * bit-reproducible (see {@link UpdateDeltas}); computed on the deltas {@code w_k − global}. Stateless.
 */
public final class GeometricMedian implements AggregationStrategy {
    /** The default iterations T. */
    public static final int DEFAULT_ITERATIONS = 3;
    /** The default smoothing ν. */
    public static final double DEFAULT_SMOOTHING = 1e-6;

    private final int iterations;
    private final double smoothing;

    /**
     * @param iterations T, {@code >= 1}
     * @param smoothing  ν, finite and {@code > 0}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public GeometricMedian(int iterations, double smoothing) {
        if (iterations < 1) throw new IllegalArgumentException("geometric median iterations T must be >= 1, got " + iterations);
        if (!(smoothing > 0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("geometric median smoothing ν must be a finite number > 0, got " + smoothing);
        }
        this.iterations = iterations;
        this.smoothing = smoothing;
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        int n = u.n(), p = u.p();
        double total = 0;
        for (long s : u.samples) total += s;
        double[] alpha = new double[n];
        for (int k = 0; k < n; k++) alpha[k] = u.samples[k] / total;
        double[] v = new double[p];
        for (int k = 0; k < n; k++) {
            double[] d = u.d[k];
            for (int i = 0; i < p; i++) v[i] += alpha[k] * d[i];
        }
        double[] beta = new double[n];
        for (int t = 0; t < iterations; t++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                beta[k] = alpha[k] / Math.max(smoothing, UpdateDeltas.distance(v, u.d[k]));
                sum += beta[k];
            }
            double[] next = new double[p];
            for (int k = 0; k < n; k++) {
                double b = beta[k];
                double[] d = u.d[k];
                for (int i = 0; i < p; i++) next[i] += b * d[i];
            }
            for (int i = 0; i < p; i++) next[i] /= sum;
            v = next;
        }
        return u.plus(v);
    }

    @Override
    public String name() {
        return "geometric-median";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(T=" + iterations + ", ν=" + smoothing + ")";
    }
}
