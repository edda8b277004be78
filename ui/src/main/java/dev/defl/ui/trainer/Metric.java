package dev.defl.ui.trainer;

/** The quantity the Trainer's curves plot. */
public enum Metric {
    /** Softmax cross-entropy (training: mean over the epoch; global: the evaluator's over the test set). */
    LOSS("Loss"),
    /** Fraction of rows classified correctly, in [0, 1]. */
    ACCURACY("Accuracy");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
