package dev.defl.engine.learning;

/**
 * Thrown by {@link LocalTrainer#train} when its cancellation flag turned true; it is checked before every mini-batch.
 * The partially trained weights are discarded.
 */
public final class TrainingCancelledException extends Exception {
    private final int epoch;
    private final int batch;

    public TrainingCancelledException(int epoch, int batch) {
        super("local training cancelled in epoch " + epoch + " before mini-batch " + batch);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 1-based epoch that was running. */
    public int epoch() {
        return epoch;
    }

    /** 0-based index of the mini-batch that was not started. */
    public int batch() {
        return batch;
    }
}
