package dev.defl.app;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Locale;

/** The dataset options of the commands that train ({@code run}, {@code bench central}, {@code bench robustness}). */
final class DatasetArgs {

    @Option(names = "--dataset", paramLabel = "DATASET", defaultValue = "digits",
            description = "fashion-mnist, digits (bundled sample, classification), boston (bundled house prices, "
                    + "regression on MEDV), a path to a CSV / IDX file, an image folder (one subfolder per class), or the "
                    + "manifest CID of a published dataset (`defl dataset publish`) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    ImageOptions image;

    @Option(names = "--target", paramLabel = "COL",
            description = "CSV target column, by header name or 1-based index (default: the last column).")
    String target;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "auto",
            description = "CSV target type: auto (integer or text targets with at most 20 distinct values are classes, "
                    + "other numbers a regression), classification or regression (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "report",
            description = "CSV cells that are empty, NA, NaN or ?: report (fail naming line and column), mean or median "
                    + "(impute from the training split; text columns: most frequent value) or drop (drop those rows) "
                    + "(default: ${DEFAULT-VALUE}).")
    String missing;

    /**
     * Whether {@code --dataset} names a published dataset's manifest CID, which only a content store can resolve.
     *
     * @throws IOException if it looks like a CID but is malformed
     */
    boolean byCid() throws IOException {
        return Datasets.datasetCid(dataset).isPresent();
    }

    /**
     * Loads {@code --dataset} with the CSV and image options.
     *
     * @param seed  seed of the train/test shuffle
     * @param store where a dataset named by CID is read; may be {@code null} when {@link #byCid()} is false
     * @throws IllegalArgumentException naming an option whose value is out of range
     * @throws IOException              if the dataset is missing or malformed (the message names file, line, column or CID)
     */
    DatasetSplit load(long seed, ContentStore store) throws IOException {
        DatasetOptions options = image.apply(datasetOptions());
        return store != null ? Datasets.load(dataset, seed, options, store) : Datasets.load(dataset, seed, options);
    }

    /**
     * {@code --target}, {@code --task} and {@code --missing}.
     *
     * @throws IllegalArgumentException naming the option whose value is not one of its choices
     */
    DatasetOptions datasetOptions() {
        return DatasetOptions.defaults().withTargetColumn(target)
                .withTask(choice("--task", task, DatasetOptions.TaskType.class))
                .withMissing(choice("--missing", missing, DatasetOptions.MissingValues.class));
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value.strip())) return e;
        throw new IllegalArgumentException(option + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
                + "; got '" + value + "'");
    }
}
