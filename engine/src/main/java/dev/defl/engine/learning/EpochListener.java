package dev.defl.engine.learning;

/** Progress callback of {@link LocalTrainer#train}, called on the training thread after every local epoch. */
@FunctionalInterface
public interface EpochListener {
    /** A listener that ignores every epoch. */
    EpochListener NONE = (epoch, loss, accuracy) -> { };

    /**
     * @param epoch    1-based local epoch number
     * @param loss     mean softmax cross-entropy (nats) over the epoch's training samples, as seen during the epoch;
     *                 for a regressor the mean squared error in squared target units
     * @param accuracy fraction of the epoch's training samples classified correctly during the epoch, in [0, 1];
     *                 NaN for a regressor
     */
    void onEpoch(int epoch, double loss, double accuracy);
}
