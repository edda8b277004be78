package dev.defl.ui;

import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;

/**
 * Loads a dataset for the Trainer pane. Called on a background thread, never the FX thread.
 *
 * <p>{@code spec} is {@code "digits"} (the bundled sklearn digits sample), {@code "boston"} (the bundled Boston house
 * prices, regression), {@code "fashion-mnist"} (the IDX files of the installed Fashion-MNIST package), a file path (CSV
 * or IDX), an image folder, or {@code "cid:<CID>"} naming a dataset published to the workspace's content store (see
 * {@link dev.defl.engine.learning.Datasets#load(String, long, DatasetOptions, dev.defl.engine.content.ContentStore)}).
 */
@FunctionalInterface
public interface DatasetLoader {

    /**
     * @param spec    a built-in name, a path to a CSV or IDX file or an image folder, or {@code cid:<CID>}
     * @param options how files are read: CSV target column, task, missing values; image size and channels
     * @return the training and test rows
     * @throws Exception with a message naming the file (and line) or CID that could not be read
     */
    DatasetSplit load(String spec, DatasetOptions options) throws Exception;
}
