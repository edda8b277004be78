package dev.defl.app;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/** The dataset options of the commands that train ({@code run}, {@code bench central}, {@code bench robustness}). */
final class DatasetArgs {

    @Option(names = "--dataset", paramLabel = "DATASET", defaultValue = "digits",
            description = "fashion-mnist, digits (bundled sample, classification), boston (bundled house prices, "
                    + "regression on MEDV), a path to a CSV / IDX file, an image folder (one subfolder per class), or the "
                    + "manifest CID of a published dataset (`defl dataset publish`) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    ImageOptions image;

    @Mixin
    TableOptions table;

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
        DatasetOptions options = table.apply(image.apply(DatasetOptions.defaults()));
        return store != null ? Datasets.load(dataset, seed, options, store) : Datasets.load(dataset, seed, options);
    }
}
