package dev.defl.app;

import picocli.CommandLine.Option;

/** The dataset options of the commands that train ({@code run}, {@code bench central}, {@code bench robustness}). */
final class DatasetArgs extends DatasetReading {

    @Option(names = "--dataset", paramLabel = "DATASET", defaultValue = "digits",
            description = "fashion-mnist, digits (bundled sample, classification), boston (bundled house prices, "
                    + "regression on MEDV), a path to a CSV / IDX file, an image folder (one subfolder per class), or the "
                    + "manifest CID of a published dataset (`defl dataset publish`) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Override
    String spec() {
        return dataset;
    }
}
