package dev.defl.engine.learning;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of local training.
 *
 * @param weights    the trained weights
 * @param numSamples training samples used ({@code n_k}, the FedAvg weight)
 * @param epochs     metrics of each local epoch, in order
 */
public record TrainResult(ModelWeights weights, long numSamples, List<EpochMetrics> epochs) {
    public TrainResult {
        Objects.requireNonNull(weights, "weights");
        epochs = List.copyOf(epochs);
    }

    /** This result as a FedAvg input. */
    public WeightedUpdate toUpdate() {
        return new WeightedUpdate(weights, numSamples);
    }
}
