package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;

import java.util.Locale;

/**
 * What the preview shows about a loaded dataset.
 *
 * @param name        the training part's name
 * @param trainRows   rows the clients train on
 * @param testRows    rows the evaluator scores on
 * @param features    features per row
 * @param classes     number of classes (for regression: the target bins the engine partitions by)
 * @param classCounts training rows per class (regression: per target bin), shape {@code [classes]}
 * @param isImage     whether rows are images ({@code imageShape != null})
 * @param targets     regression: histogram of the training targets ({@value TargetHistogram#DEFAULT_BINS} bins);
 *                    {@code null} for classification
 */
public record DatasetSummary(String name, int trainRows, int testRows, int features, int classes, long[] classCounts,
                             boolean isImage, TargetHistogram targets) {

    public static DatasetSummary of(DatasetSplit split) {
        var train = split.train();
        return new DatasetSummary(train.name(), train.size(), split.test().size(), train.numFeatures(),
                train.numClasses(), train.classCounts(), train.imageShape() != null,
                train.isRegression() ? TargetHistogram.of(train.targets(), TargetHistogram.DEFAULT_BINS) : null);
    }

    /** Whether the dataset has a real-valued target. */
    public boolean isRegression() {
        return targets != null;
    }

    /**
     * One line, e.g. {@code "1437 train · 360 test · 64 features · 10 classes"}, or for regression
     * {@code "404 train · 102 test · 13 features · real-valued target 5–50"}.
     */
    public String shapeLine() {
        String head = trainRows + " train · " + testRows + " test · " + features + " features · ";
        return isRegression()
                ? head + String.format(Locale.ROOT, "real-valued target %.3g–%.3g", targets.min(), targets.max())
                : head + classes + " classes";
    }
}
