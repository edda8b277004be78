package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory classification dataset: {@code n} rows of {@code d} float features and an integer label each.
 *
 * <p>Features are stored row-major in one array of length {@code n × d}; row {@code i} occupies
 * {@code features[i*d .. (i+1)*d)}. Labels are in {@code [0, numClasses)}. Instances are treated as
 * immutable: callers must not modify the arrays they pass in or get back.
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
 */
public record LabeledDataset(String name, float[] features, int[] labels, int numFeatures, int numClasses,
                             int[] imageShape, String preprocessing) {

    public LabeledDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (numFeatures <= 0) throw new IllegalArgumentException("numFeatures must be > 0, got " + numFeatures);
        if ((long) labels.length * numFeatures != features.length) {
            throw new IllegalArgumentException("features length " + features.length + " != rows " + labels.length
                    + " × features " + numFeatures + " in dataset " + name);
        }
    }

    /** Number of rows {@code n}. */
    public int size() {
        return labels.length;
    }

    /** Rows per class, shape {@code [numClasses]}. */
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
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(features, i * numFeatures, x, k * numFeatures, numFeatures);
            y[k] = labels[i];
        }
        return new LabeledDataset(subsetName, x, y, numFeatures, numClasses, imageShape, preprocessing);
    }

    @Override
    public String toString() {
        return "LabeledDataset[" + name + ", n=" + size() + ", d=" + numFeatures + ", classes=" + numClasses + "]";
    }
}
