package dev.defl.engine.learning;

import java.util.Objects;

/**
 * A dataset's training part (partitioned over clients) and its test part (held by the evaluator).
 *
 * @param train rows the clients train on
 * @param test  rows only the evaluator sees
 */
public record DatasetSplit(LabeledDataset train, LabeledDataset test) {
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.numFeatures() != test.numFeatures()) {
            throw new IllegalArgumentException("train has " + train.numFeatures() + " features but test has " + test.numFeatures());
        }
    }
}
