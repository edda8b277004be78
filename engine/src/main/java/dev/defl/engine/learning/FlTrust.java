package dev.defl.engine.learning;

import java.util.List;
import java.util.Objects;

/**
 * FLTrust (Cao, Fang, Liu, Gong 2021, "FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping", NDSS,
 * Algorithm 1): the aggregator trains the round's global model on a small clean <em>root dataset</em> it holds, giving
 * the server update {@code g0 = w_root − global}; each client update {@code g_k = w_k − global} gets the trust score
 * {@code TS_k = ReLU(cos(g_k, g0))} and is rescaled to {@code g0}'s norm, {@code ḡ_k = g_k · ‖g0‖ / ‖g_k‖}; the new
 * global model is {@code global + Σ TS_k ḡ_k / Σ TS_k} (server learning rate 1). Sample counts are not used: a client
 * cannot buy weight by claiming more samples. When every score is 0 (no update points the way of the root data), or
 * {@code g0} is zero, the global model is kept.
 *
 * <p>Flat vectors: tensors in name order, each row-major ({@link UpdateDeltas}); shapes as
 * {@link AggregationStrategy}. Bit-reproducible when {@link ServerModel} is: the aggregators of a task must train the
 * root model alike (same root dataset by CID, same seed, the CPU engine), which {@code network.AggregatorNode}
 * does. A zero-norm client update scores 0.
 *
 * <p>What the root dataset means in a decentralized task: every aggregator holds the same clean sample, named in the
 * task by CID, so it is public to the task's peers; a client that reads it can craft updates aligned with {@code g0}
 * (the paper's adaptive attack), and the sample must come from a party the clients trust to be clean and
 * representative: the task creator, who could bias it.
 */
public final class FlTrust implements AggregationStrategy {

    /** The aggregator's training on the root dataset. */
    @FunctionalInterface
    public interface ServerModel {
        /**
         * @param global        the round's global model
         * @param clientSamples the median sample count the round's updates claim: the root training takes about as
         *                      many steps as a client's (the paper trains both for the same number of local
         *                      iterations), so that {@code ‖g0‖}, to which every update is rescaled, is of a client's
         *                      size
         * @return the model after training it on the root dataset (same names and shapes)
         */
        ModelWeights trainOnRoot(ModelWeights global, long clientSamples);
    }

    private final ServerModel server;

    /** @param server trains the round's global model on the root dataset */
    public FlTrust(ServerModel server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * @throws IllegalArgumentException if {@code updates} is empty, or the root-trained model does not match the global
     *                                  model
     * @throws InvalidUpdateException   as {@link AggregationStrategy#aggregate}
     */
    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        double[] g0 = rootUpdate(global, u);
        int n = u.n(), p = u.p();
        double[] acc = new double[p];
        double norm0 = UpdateDeltas.norm(g0);
        if (norm0 == 0) return u.plus(acc);
        double totalTrust = 0;
        for (int k = 0; k < n; k++) {
            double trust = trust(u.d[k], g0, norm0);
            if (trust == 0) continue;
            double scale = trust * norm0 / UpdateDeltas.norm(u.d[k]);
            double[] d = u.d[k];
            for (int i = 0; i < p; i++) acc[i] += scale * d[i];
            totalTrust += trust;
        }
        if (totalTrust == 0) return u.plus(new double[p]);
        for (int i = 0; i < p; i++) acc[i] /= totalTrust;
        return u.plus(acc);
    }

    /**
     * The trust score {@code ReLU(cos(g, g0))}, 0 for a zero update.
     *
     * @param norm0 {@code ‖g0‖}, {@code > 0}
     */
    static double trust(double[] g, double[] g0, double norm0) {
        double dot = 0;
        for (int i = 0; i < g.length; i++) dot += g[i] * g0[i];
        double norm = UpdateDeltas.norm(g);
        if (norm == 0) return 0;
        return Math.max(0, dot / (norm * norm0));
    }

    /** {@code TS_k · ‖g0‖ / ‖g_k‖ / Σ TS}: 0 for an update whose cosine with the root update is not positive. */
    @Override
    public java.util.Optional<double[]> shares(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        double[] g0 = rootUpdate(global, u);
        double norm0 = UpdateDeltas.norm(g0);
        double[] out = new double[u.n()];
        double total = 0;
        for (int k = 0; k < out.length && norm0 > 0; k++) {
            double trust = trust(u.d[k], g0, norm0);
            out[k] = trust == 0 ? 0 : trust * norm0 / UpdateDeltas.norm(u.d[k]);
            total += trust;
        }
        for (int k = 0; k < out.length; k++) out[k] = total == 0 ? 0 : out[k] / total;
        return java.util.Optional.of(out);
    }

    /** The last root update, kept for {@link #shares} on the same global model (root training is the costly part). */
    private ModelWeights lastGlobal;
    private long lastMedian;
    private double[] lastRootUpdate;

    private synchronized double[] rootUpdate(ModelWeights global, UpdateDeltas u) {
        long[] claimed = u.samples.clone();
        java.util.Arrays.sort(claimed);
        long median = claimed[(claimed.length - 1) / 2];
        if (global == lastGlobal && median == lastMedian) return lastRootUpdate;
        ModelWeights root = server.trainOnRoot(global, median);
        if (!global.sameShapes(root)) {
            throw new IllegalArgumentException("fltrust: the root-trained model " + root + " does not match the global model " + global);
        }
        lastRootUpdate = UpdateDeltas.of(name() + " (root model)", global, List.of(new WeightedUpdate(root, 1))).d[0];
        lastGlobal = global;
        lastMedian = median;
        return lastRootUpdate;
    }

    @Override
    public String name() {
        return "fltrust";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return "fltrust";
    }
}
