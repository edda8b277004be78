package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the Dataset tab shows of a loaded dataset, as view-level values (the view holds no engine types): its summary
 * and its first training rows, as images when every row holds a 2-D image, else as a table. Built by
 * {@link DatasetViewModel} from the engine's {@link DatasetSplit}.
 *
 * @param summary      the dataset's name, shape and class (or target) histogram
 * @param imageHeight  image height in pixels, 0 when the rows are not shown as images
 * @param imageWidth   image width in pixels, 0 when the rows are not shown as images
 * @param numFeatures  features per row
 * @param featureNames the columns' names (a CSV header), empty when the dataset has none
 * @param rows         the first {@value #IMAGES} (images) or {@value #ROWS} (table) training rows' features
 * @param targets      their labels ({@code Integer}) or, for regression, their targets ({@code Float}), in order
 */
public record DatasetPreview(DatasetSummary summary, int imageHeight, int imageWidth, int numFeatures,
        List<String> featureNames, List<float[]> rows, List<Number> targets) {

    /** Training images shown at most. */
    public static final int IMAGES = 32;
    /** Training rows shown at most in the table. */
    public static final int ROWS = 20;

    public DatasetPreview {
        Objects.requireNonNull(summary, "summary");
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
        targets = List.copyOf(targets);
    }

    /** Whether the rows are shown as grey-scale images of {@link #imageWidth} × {@link #imageHeight}. */
    public boolean images() {
        return imageHeight > 0;
    }

    /** Whether the targets are regression targets (else class labels). */
    public boolean regression() {
        return summary.isRegression();
    }

    static DatasetPreview of(DatasetSplit split) {
        LabeledDataset train = split.train();
        int[] shape = train.imageShape();
        boolean images = shape != null && shape.length >= 2 && (long) shape[0] * shape[1] <= train.numFeatures();
        int n = Math.min(images ? IMAGES : ROWS, train.size());
        List<float[]> rows = new ArrayList<>(n);
        List<Number> targets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(train.row(i));
            targets.add(train.isRegression() ? (Number) train.targets()[i] : (Number) train.labels()[i]);
        }
        return new DatasetPreview(DatasetSummary.of(split), images ? shape[0] : 0, images ? shape[1] : 0,
                train.numFeatures(), images ? List.of() : DatasetViewModel.featureNames(train), rows, targets);
    }
}
