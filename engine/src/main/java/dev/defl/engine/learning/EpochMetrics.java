package dev.defl.engine.learning;

/**
 * Training metrics of one local epoch.
 *
 * @param epoch    1-based epoch number
 * @param loss     mean softmax cross-entropy (nats) over the epoch's samples
 * @param accuracy training accuracy during the epoch, in [0, 1]
 */
public record EpochMetrics(int epoch, double loss, double accuracy) {
}
