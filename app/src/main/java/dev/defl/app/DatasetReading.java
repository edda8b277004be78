package dev.defl.app;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import picocli.CommandLine.Mixin;

import java.io.IOException;

/**
 * A dataset named on the command line and how to read it (the CSV and image options): the common part of
 * {@code --dataset} ({@link DatasetArgs}) and the DATASET parameter of {@code dataset publish|preview}.
 */
abstract class DatasetReading {

    @Mixin
    ImageOptions image;

    @Mixin
    TableOptions table;

    /** The dataset as the user named it: a built-in name, a path, or a manifest CID. */
    abstract String spec();

    /**
     * Whether the dataset is named by a published dataset's manifest CID, which only a content store can resolve.
     *
     * @throws IOException if it looks like a CID but is malformed
     */
    boolean byCid() throws IOException {
        return Datasets.datasetCid(spec()).isPresent();
    }

    /**
     * Loads the dataset with the CSV and image options.
     *
     * @param seed  seed of the train/test shuffle where the dataset has no split of its own
     * @param store where a dataset named by CID is read; may be {@code null} when {@link #byCid()} is false
     * @throws IllegalArgumentException naming an option whose value is out of range
     * @throws IOException              if the dataset is missing or malformed (the message names file, line, column or CID)
     */
    DatasetSplit load(long seed, ContentStore store) throws IOException {
        DatasetOptions options = table.apply(image.apply(DatasetOptions.defaults()));
        return Datasets.load(spec(), seed, options, store);
    }
}
