package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;

/**
 * What the preview shows about a loaded dataset.
 *
 * @param name        the training part's name
 * @param trainRows   rows the clients train on
 * @param testRows    rows the evaluator scores on
 * @param features    features per row
 * @param classes     number of classes
 * @param classCounts training rows per class, shape {@code [classes]}
 * @param isImage     whether rows are grey-scale images ({@code imageShape != null})
 */
public record DatasetSummary(String name, int trainRows, int testRows, int features, int classes, long[] classCounts,
                             boolean isImage) {

    public static DatasetSummary of(DatasetSplit split) {
        return new DatasetSummary(split.train().name(), split.train().size(), split.test().size(),
                split.train().numFeatures(), split.train().numClasses(), split.train().classCounts(),
                split.train().imageShape() != null);
    }

    /** One line, e.g. {@code "1437 train · 360 test · 64 features · 10 classes"}. */
    public String shapeLine() {
        return trainRows + " train · " + testRows + " test · " + features + " features · " + classes + " classes";
    }
}
