package dev.defl.engine.learning;

import java.util.Objects;

/**
 * How a dataset file is turned into rows: which CSV column is the target, whether the target is a class or a real
 * value, what to do with missing cells, and the size images are resized to. {@link #defaults()} reproduces what
 * {@link Datasets#load(String, long)} did before these options existed for every format except where a field says so.
 *
 * @param targetColumn  CSV target column, by header name or 1-based index; {@code null} = the last column
 * @param task          classification or regression; {@link TaskType#AUTO} infers it from the target column
 * @param missing       what to do with an empty / {@code NA} / {@code NaN} / {@code ?} cell; {@link MissingValues#REPORT}
 *                      fails the load naming every (line, column), the others impute with training-split statistics
 * @param imageSize     side in pixels that image-folder images are resized to (square), 4..512
 * @param imageChannels 1 (grey-scale, luminance) or 3 (RGB) for image folders
 */
public record DatasetOptions(String targetColumn, TaskType task, MissingValues missing, int imageSize, int imageChannels) {

    /** Default side of resized images, in pixels (the Fashion-MNIST size). */
    public static final int DEFAULT_IMAGE_SIZE = 28;

    /** Whether the target is a class index or a real number. */
    public enum TaskType {
        /**
         * Infer: integer or text targets with at most 20 distinct values are classes, other numbers a regression. A
         * target whose cells are mostly numbers but not all fails naming the non-numeric cells (typos are not classes).
         */
        AUTO,
        /** Classes: non-negative integers are class indices, any other values class names (sorted, numbered from 0). */
        CLASSIFICATION,
        /** Real-valued target: every target cell must be a number (a non-numeric cell fails naming it). */
        REGRESSION
    }

    /** Missing-value policy for CSV cells that are empty, {@code NA}, {@code NaN} or {@code ?}. */
    public enum MissingValues {
        /** Fail the load, listing each missing cell as (line, column). The default: nothing is guessed silently. */
        REPORT,
        /** Replace a missing numeric cell by its column's training-split mean (categorical: the most frequent value). */
        MEAN,
        /** Replace a missing numeric cell by its column's training-split median (categorical: the most frequent value). */
        MEDIAN,
        /** Drop every row with a missing cell (the number dropped is recorded in the preprocessing note). */
        DROP
    }

    /** @throws IllegalArgumentException naming the field out of range */
    public DatasetOptions {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(missing, "missing");
        if (imageSize < 4 || imageSize > 512) {
            throw new IllegalArgumentException("image size must be 4..512 pixels, got " + imageSize);
        }
        if (imageChannels != 1 && imageChannels != 3) {
            throw new IllegalArgumentException("image channels must be 1 (grey) or 3 (RGB), got " + imageChannels);
        }
    }

    /** Last column is the target, task inferred, missing values reported, images 28×28 grey-scale. */
    public static DatasetOptions defaults() {
        return new DatasetOptions(null, TaskType.AUTO, MissingValues.REPORT, DEFAULT_IMAGE_SIZE, 1);
    }

    public DatasetOptions withTargetColumn(String column) {
        return new DatasetOptions(column, task, missing, imageSize, imageChannels);
    }

    public DatasetOptions withTask(TaskType t) {
        return new DatasetOptions(targetColumn, t, missing, imageSize, imageChannels);
    }

    public DatasetOptions withMissing(MissingValues m) {
        return new DatasetOptions(targetColumn, task, m, imageSize, imageChannels);
    }

    public DatasetOptions withImage(int size, int channels) {
        return new DatasetOptions(targetColumn, task, missing, size, channels);
    }
}
