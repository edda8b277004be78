package dev.defl.ui;

import dev.defl.engine.learning.DatasetSplit;

/**
 * Loads a dataset for the Trainer pane. Called on a background thread, never the FX thread.
 *
 * <p>{@code spec} is {@code "digits"} (the bundled sklearn digits sample), {@code "fashion-mnist"}
 * (the IDX files of the installed Fashion-MNIST package) or a file path (CSV or IDX).
 */
@FunctionalInterface
public interface DatasetLoader {

    /**
     * @param spec {@code "digits"}, {@code "fashion-mnist"} or a path to a CSV or IDX file
     * @return the training and test rows
     * @throws Exception with a message naming the file (and line) that could not be read
     */
    DatasetSplit load(String spec) throws Exception;
}
