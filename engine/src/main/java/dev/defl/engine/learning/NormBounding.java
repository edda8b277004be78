package dev.defl.engine.learning;

import java.util.List;

/**
 * Norm bounding (Sun, Kairouz, Suresh, McMahan 2019, "Can You Really Backdoor Federated Learning?", Section 3): each
 * update's delta {@code d_k = w_k − global} is scaled down to Euclidean norm at most {@code M},
 * {@code d_k · min(1, M / ‖d_k‖)}, then the clipped deltas are averaged weighted by sample count (FedAvg):
 * {@code global + Σ n_k d'_k / Σ n_k}. A scaled-up malicious update counts no more than an honest one of norm
 * {@code M}.
 *
 * <p>{@code M}: a fixed bound, or (0) the median of the round's update norms, so that at least half the updates pass
 * unclipped whatever their scale (our default: the paper tunes {@code M} per task, which a task spec cannot know
 * before training). Stateless; bit-reproducible (see {@link UpdateDeltas}).
 */
public final class NormBounding implements AggregationStrategy {
    private final double bound;

    /**
     * @param bound M, finite and {@code >= 0}; 0: the median of each round's update norms
     * @throws IllegalArgumentException if {@code bound} is negative or not finite
     */
    public NormBounding(double bound) {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("norm bound M must be a finite number >= 0 (0: the median norm), got " + bound);
        }
        this.bound = bound;
    }

    /** M, or 0 for the median of each round's norms. */
    public double bound() {
        return bound;
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        int n = u.n(), p = u.p();
        double[] norms = new double[n];
        for (int k = 0; k < n; k++) norms[k] = UpdateDeltas.norm(u.d[k]);
        double m = bound > 0 ? bound : UpdateDeltas.median(norms);
        double total = 0;
        for (long s : u.samples) total += s;
        double[] acc = new double[p];
        for (int k = 0; k < n; k++) {
            double scale = norms[k] > m ? m / norms[k] : 1;
            double w = u.samples[k] * scale;
            double[] d = u.d[k];
            for (int i = 0; i < p; i++) acc[i] += w * d[i];
        }
        for (int i = 0; i < p; i++) acc[i] /= total;
        return u.plus(acc);
    }

    /** Sample count × clip factor, normalised: a clipped update's share shrinks by its factor. */
    @Override
    public java.util.Optional<double[]> shares(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        double[] norms = new double[u.n()];
        for (int k = 0; k < norms.length; k++) norms[k] = UpdateDeltas.norm(u.d[k]);
        double m = bound > 0 ? bound : UpdateDeltas.median(norms);
        double[] out = new double[u.n()];
        double total = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = u.samples[k] * (norms[k] > m ? m / norms[k] : 1);
            total += u.samples[k];
        }
        for (int k = 0; k < out.length; k++) out[k] /= total;
        return java.util.Optional.of(out);
    }

    @Override
    public String name() {
        return "norm-bounding";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(M=" + (bound > 0 ? bound : "median norm") + ")";
    }
}
