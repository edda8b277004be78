package dev.defl.engine.learning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, 2017, arXiv:1708.07747): 60 000 training and 10 000 test
 * grey-scale 28×28 images of 10 clothing classes, stored in MNIST's IDX format.
 */
public final class FashionMnist {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the four files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Number of classes (T-shirt/top … ankle boot). */
    public static final int NUM_CLASSES = 10;

    private FashionMnist() {
    }

    /**
     * Loads {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]}
     * and {@code t10k-labels-idx1-ubyte[.gz]} from {@code dir}.
     *
     * @return train (60 000 rows) and test (10 000 rows), 784 features each in [0, 1]
     * @throws DatasetNotFoundException if the directory or one of the files is missing
     * @throws DatasetFormatException   if a file is malformed or a label is not in [0, 10)
     */
    public static DatasetSplit load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException(dir, "Fashion-MNIST directory not found: " + dir
                    + " (install it with: apt-get install dataset-fashion-mnist)");
        }
        Path trainImages = find(dir, "train-images-idx3-ubyte");
        Path trainLabels = find(dir, "train-labels-idx1-ubyte");
        Path testImages = find(dir, "t10k-images-idx3-ubyte");
        Path testLabels = find(dir, "t10k-labels-idx1-ubyte");
        LabeledDataset train = IdxReader.read(trainImages, trainLabels, "fashion-mnist/train", NUM_CLASSES);
        LabeledDataset test = IdxReader.read(testImages, testLabels, "fashion-mnist/test", NUM_CLASSES);
        return new DatasetSplit(train, test);
    }

    private static Path find(Path dir, String base) throws DatasetNotFoundException {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) return plain;
        throw new DatasetNotFoundException(gz, "Fashion-MNIST file not found: " + gz + " (nor " + plain
                + "); install it with: apt-get install dataset-fashion-mnist");
    }
}
