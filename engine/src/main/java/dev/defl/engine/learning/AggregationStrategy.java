package dev.defl.engine.learning;

import java.util.List;

/**
 * A server-side aggregation rule: turns one round's client updates into the next global model.
 *
 * <p><b>Shapes.</b> {@code global} and every update's weights carry the same tensor names with the same shapes (the
 * model's {@code state_dict} keys, e.g. {@code "0.weight" [out, in]}); the result has them too. Strategies work on
 * each scalar coordinate independently (FedAvg, FedMedian, trimmed mean, the server optimizers) or on the whole
 * flattened parameter vector (Krum: tensors in name order, each in row-major order).
 *
 * <p><b>Determinism.</b> Every implementation is bit-reproducible: arithmetic is done in {@code double} (Java
 * floating point is IEEE 754 strict since Java 17, so the same on every platform) in one fixed order — updates in
 * list (submission) order, tensors in name order, elements in row-major order — with no parallel streams and no
 * hash-order iteration, and each output value is rounded to {@code float} once. Ties (equal Krum scores) are broken
 * by submission order. So honest aggregators given the same inputs produce byte-identical models, hence the same CID.
 *
 * <p><b>Server state.</b> Momentum and adaptive strategies ({@link FedAvgM}, {@link FedAdam}, {@link FedYogi},
 * {@link FedAdagrad}) keep per-coordinate state ({@code double}) in the instance; each successful
 * {@link #aggregate} call advances it by one round. The state after round {@code t} is a function only of the
 * strategy's parameters and the inputs of its {@code t} calls, so every honest aggregator that fed the same
 * finalized rounds, in order, has the same state. An aggregator whose proposal loses should compute on a
 * {@link #copy()} and keep the copy only once its aggregate is finalized. A call that throws leaves the state as it
 * was. Stateless strategies return themselves from {@link #copy()}.
 */
public interface AggregationStrategy {
    /**
     * Aggregates one round.
     *
     * @param global  the round's global model (the one the clients trained from)
     * @param updates client updates in submission order (same names and shapes as {@code global})
     * @return the new global model, same names and shapes as {@code global}
     * @throws IllegalArgumentException if {@code updates} is empty or too few for the strategy (e.g. Krum's {@code f})
     * @throws InvalidUpdateException   if an update has {@code numSamples <= 0}, tensor names or shapes other than
     *                                  the global model's, or a NaN/±Inf value; the message names the update index
     *                                  (submission order, 0-based), the tensor and the element
     */
    ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates);

    /**
     * What each update counted for in {@link #aggregate}'s result on these inputs, for the round's screening report:
     * the coefficient {@code s_k >= 0} of each update's delta in the aggregate's, {@code Σ s_k·(w_k − global)}, in
     * submission order. FedAvg's are the sample shares (summing to 1); a rule that clips or rescales an update gives
     * it a smaller (or larger) one; 0 means the rule discarded it. Empty for a rule that weighs coordinate by coordinate
     * (the median, the trimmed mean), where no single coefficient exists. Called after {@link #aggregate} on the same
     * inputs; leaves server state as it is.
     *
     * @throws IllegalArgumentException as {@link #aggregate}
     */
    default java.util.Optional<double[]> shares(ModelWeights global, List<WeightedUpdate> updates) {
        return java.util.Optional.empty();
    }

    /** Shares proportional to the sample counts (FedAvg's weights). */
    static double[] sampleShares(List<WeightedUpdate> updates) {
        double total = 0;
        for (WeightedUpdate u : updates) total += u.numSamples();
        double[] out = new double[updates.size()];
        for (int k = 0; k < out.length; k++) out[k] = updates.get(k).numSamples() / total;
        return out;
    }

    /** The strategy's CLI name, e.g. {@code "fedavg"}, {@code "trimmed-mean"}, {@code "multi-krum"}. */
    String name();

    /** An independent instance with the same parameters and the same server state as this one now. */
    AggregationStrategy copy();

    /**
     * Whether the strategy keeps server state between rounds (FedAvgM, FedAdam, FedYogi, FedAdagrad): then an
     * aggregator computes on a {@link #copy()} and keeps it only once its aggregate is finalized. Stateless strategies
     * return themselves from {@link #copy()}, which is what the default checks.
     */
    default boolean isStateful() {
        return copy() != this;
    }
}
