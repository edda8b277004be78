package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory dataset: {@code n} rows of {@code d} float features and an integer label each, plus a real-valued
 * target each for a regression dataset.
 *
 * <p>Features are stored row-major in one array of length {@code n × d}; row {@code i} occupies
 * {@code features[i*d .. (i+1)*d)}. Labels are in {@code [0, numClasses)}. Instances are treated as
 * immutable: callers must not modify the arrays they pass in or get back.
 *
 * <p>Regression ({@link #isRegression()}, {@code targets != null}): {@code targets} holds the raw target values in the
 * target's own units; {@code labels} holds each row's <em>target bin</em>, the quantile bin of its target among the
 * training split's targets ({@link CsvDatasetReader#TARGET_BINS} bins cut at the training targets' deciles), and
 * {@code numClasses} is the bin count. The bins let every label-based tool work unchanged on regression data:
 * Dirichlet label skew becomes skew over target ranges, {@link PartitionSummary} and class-count charts show rows per
 * target bin.
 *
 * @param name          human-readable name (e.g. {@code fashion-mnist/train})
 * @param features      row-major feature matrix, shape {@code [n, d]}, already preprocessed
 * @param labels        class labels, shape {@code [n]}
 * @param numFeatures   {@code d}, features per row
 * @param numClasses    number of classes
 * @param imageShape    {@code [height, width]} when each row is a grey-scale image (IDX, grey image folder),
 *                      {@code [channels, height, width]} when it is a multi-channel image stored channel-major
 *                      ({@code (C, H, W)}, e.g. an RGB image folder), else {@code null}
 * @param preprocessing how raw inputs became {@code features}, e.g. {@code "pixel/255"}; recorded in model metadata
 * @param targets       regression targets in the target's units, shape {@code [n]}; {@code null} for classification
 */
public record LabeledDataset(String name, float[] features, int[] labels, int numFeatures, int numClasses,
                             int[] imageShape, String preprocessing, float[] targets) {

    public LabeledDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (numFeatures <= 0) throw new IllegalArgumentException("numFeatures must be > 0, got " + numFeatures);
        if ((long) labels.length * numFeatures != features.length) {
            throw new IllegalArgumentException("features length " + features.length + " != rows " + labels.length
                    + " × features " + numFeatures + " in dataset " + name);
        }
        if (targets != null && targets.length != labels.length) {
            throw new IllegalArgumentException(targets.length + " targets for " + labels.length + " rows in dataset " + name);
        }
    }

    /** A classification dataset ({@code targets = null}). */
    public LabeledDataset(String name, float[] features, int[] labels, int numFeatures, int numClasses,
                          int[] imageShape, String preprocessing) {
        this(name, features, labels, numFeatures, numClasses, imageShape, preprocessing, null);
    }

    /** Whether rows carry real-valued {@link #targets()} (regression); then {@link #labels()} are target bins. */
    public boolean isRegression() {
        return targets != null;
    }

    /** Number of rows {@code n}. */
    public int size() {
        return labels.length;
    }

    /** Rows per class (per target bin for regression), shape {@code [numClasses]}. */
    public long[] classCounts() {
        long[] counts = new long[numClasses];
        for (int y : labels) counts[y]++;
        return counts;
    }

    /** Features of row {@code i}, shape {@code [d]} (a copy). */
    public float[] row(int i) {
        return Arrays.copyOfRange(features, i * numFeatures, (i + 1) * numFeatures);
    }

    /**
     * The rows at {@code indices}, in that order.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, n)}
     */
    public LabeledDataset subset(int[] indices, String subsetName) {
        float[] x = new float[indices.length * numFeatures];
        int[] y = new int[indices.length];
        float[] t = targets == null ? null : new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(features, i * numFeatures, x, k * numFeatures, numFeatures);
            y[k] = labels[i];
            if (t != null) t[k] = targets[i];
        }
        return new LabeledDataset(subsetName, x, y, numFeatures, numClasses, imageShape, preprocessing, t);
    }

    @Override
    public String toString() {
        return "LabeledDataset[" + name + ", n=" + size() + ", d=" + numFeatures + ", " + (isRegression() ? "regression, target bins=" : "classes=") + numClasses + "]";
    }
}
