package dev.defl.engine.learning;

/**
 * Training metrics of one local epoch.
 *
 * @param epoch    1-based epoch number
 * @param loss     mean softmax cross-entropy (nats) over the epoch's samples; for a regressor the mean squared error in
 *                 squared target units
 * @param accuracy training accuracy during the epoch, in [0, 1]; NaN for a regressor
 */
public record EpochMetrics(int epoch, double loss, double accuracy) {
}
