package dev.defl.engine.learning;

import java.util.Objects;

/**
 * One client's model update for FedAvg: its locally trained weights and the number of training samples {@code n_k}
 * it used (the aggregation weight).
 *
 * @param weights    the client's weights after local training
 * @param numSamples {@code n_k}, must be {@code > 0} for {@link FedAvg#aggregate(java.util.List)}
 */
public record WeightedUpdate(ModelWeights weights, long numSamples) {
    public WeightedUpdate {
        Objects.requireNonNull(weights, "weights");
    }
}
