package dev.defl.engine.learning;

import java.util.List;

/**
 * Centered clipping (Karimireddy, He, Jaggi 2021, "Learning from History for Byzantine Robust Optimization", ICML,
 * Algorithm 1's aggregator), with a fixed number of iterations: starting from {@code v = 0} (no change to the global
 * model), {@code L} times
 * <pre>
 *   v ← v + (1/n) Σ_k (d_k − v) · min(1, τ / ‖d_k − v‖)
 * </pre>
 * over the deltas {@code d_k = w_k − global}, then returns {@code global + v}. Each update can pull the centre by at
 * most {@code τ/n}. Unweighted: sample counts are ignored (a Byzantine client can lie about them).
 *
 * <p>{@code τ}: fixed, or (0) in each iteration the median of the distances {@code ‖d_k − v‖}, so that at least half the
 * updates pull with their whole length whatever the model's scale (our default; the paper fixes τ per task). The
 * paper starts from the previous round's momentum; this rule keeps no state, so it starts from zero and iterates
 * ({@code L} = 3 by default, the paper's analysis allows any). Stateless; bit-reproducible (see {@link UpdateDeltas}).
 */
public final class CenteredClipping implements AggregationStrategy {
    /** The default iterations L. */
    public static final int DEFAULT_ITERATIONS = 3;

    private final double tau;
    private final int iterations;

    /**
     * @param tau        τ, finite and {@code >= 0}; 0: each iteration's median distance
     * @param iterations L, {@code >= 1}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public CenteredClipping(double tau, int iterations) {
        if (!(tau >= 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("centered clipping τ must be a finite number >= 0 (0: the median distance), got " + tau);
        }
        if (iterations < 1) throw new IllegalArgumentException("centered clipping iterations L must be >= 1, got " + iterations);
        this.tau = tau;
        this.iterations = iterations;
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        int n = u.n(), p = u.p();
        double[] v = new double[p];
        double[] dist = new double[n];
        for (int l = 0; l < iterations; l++) {
            for (int k = 0; k < n; k++) dist[k] = UpdateDeltas.distance(u.d[k], v);
            double t = tau > 0 ? tau : UpdateDeltas.median(dist);
            double[] step = new double[p];
            for (int k = 0; k < n; k++) {
                double scale = dist[k] > t ? t / dist[k] : 1;
                double[] d = u.d[k];
                for (int i = 0; i < p; i++) step[i] += (d[i] - v[i]) * scale;
            }
            for (int i = 0; i < p; i++) v[i] += step[i] / n;
        }
        return u.plus(v);
    }

    @Override
    public String name() {
        return "centered-clipping";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(τ=" + (tau > 0 ? tau : "median distance") + ", L=" + iterations + ")";
    }
}
