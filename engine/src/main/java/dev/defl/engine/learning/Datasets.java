package dev.defl.engine.learning;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.MalformedCidException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves a dataset specification given by a user (CLI argument, UI field) to a loaded train/test split. */
public final class Datasets {
    /** Class-path location of sklearn's bundled digits table (1797 rows × 64 pixels 0–16 + label, gzipped, no header). */
    public static final String DIGITS_RESOURCE = "/dev/defl/samples/digits.csv.gz";
    /** Prefix of a dataset spec naming a published dataset's manifest CID ({@link DatasetPublisher}). */
    public static final String CID_PREFIX = "cid:";

    /**
     * Class-path location of the Boston house-prices table as scikit-learn bundles it
     * ({@code sklearn/datasets/data/boston_house_prices.csv}, BSD-3-Clause; originally from StatLib, Harrison &amp;
     * Rubinfeld 1978): a preamble line, a header, 506 rows of 13 features and the target {@code MEDV} (median home value,
     * thousands of US dollars), gzipped.
     */
    public static final String BOSTON_RESOURCE = "/dev/defl/samples/boston_house_prices.csv.gz";

    private Datasets() {
    }

    /**
     * Loads a dataset.
     *
     * <ul>
     *   <li>{@code "fashion-mnist"}: {@link FashionMnist#load(Path)} from {@link FashionMnist#DEFAULT_DIR};</li>
     *   <li>{@code "digits"}: the bundled sklearn digits CSV (80/20 seeded split, features /max per column, image 8×8);</li>
     *   <li>{@code "boston"}: the bundled Boston house prices, regression on {@code MEDV} ({@link #boston});</li>
     *   <li>a {@code .csv} / {@code .csv.gz} file: {@link CsvDatasetReader#read(Path, long, DatasetOptions)};</li>
     *   <li>a directory holding {@code train-images-idx3-ubyte[.gz]} + {@code train-labels-idx1-ubyte[.gz]}
     *       (and {@code t10k-*} for the test part, else a seeded 80/20 split);</li>
     *   <li>one IDX images file {@code <prefix>-images-idx3-ubyte[.gz]}: its sibling {@code <prefix>-labels-idx1-ubyte[.gz]};
     *       for a {@code train-} file also the {@code t10k-} pair when present, otherwise a seeded 80/20 split;</li>
     *   <li>a directory without IDX files but with class subfolders: an image folder, {@link ImageFolderReader}.</li>
     * </ul>
     *
     * @param spec dataset name or path
     * @param seed seed of any train/test shuffle
     * @throws DatasetNotFoundException if the path (or a needed sibling file) does not exist
     * @throws DatasetFormatException   if a file is malformed or the path is not a recognised dataset
     */
    public static DatasetSplit load(String spec, long seed) throws IOException {
        return load(spec, seed, DatasetOptions.defaults());
    }

    /**
     * As {@link #load(String, long)}, reading files with {@code options} (CSV target column, task type, missing
     * values; image size).
     *
     * @throws DatasetNotFoundException if the path (or a needed sibling file) does not exist
     * @throws DatasetFormatException   if a file is malformed or the path is not a recognised dataset
     */
    public static DatasetSplit load(String spec, long seed, DatasetOptions options) throws IOException {
        return load(spec, seed, options, null);
    }

    /**
     * As {@link #load(String, long, DatasetOptions)}, also accepting a dataset published to a content store
     * ({@link DatasetPublisher}): {@code "cid:<CID>"}, or a bare CIDv1 that is not an existing path, names the
     * manifest, fetched from {@code store} with {@link DatasetPublisher#fetch}.
     *
     * @param store where CID specs are read from; may be {@code null} when no CID is expected
     * @throws IllegalArgumentException if {@code spec} names a CID but {@code store} is {@code null}
     * @throws DatasetNotFoundException if the path, or the manifest or a shard of a CID, does not exist
     * @throws DatasetFormatException   if a file, manifest or shard is malformed or the path is not a recognised dataset
     */
    public static DatasetSplit load(String spec, long seed, DatasetOptions options, ContentStore store) throws IOException {
        Optional<Cid> cid = datasetCid(spec);
        if (cid.isPresent()) {
            if (store == null) throw new IllegalArgumentException("dataset " + spec + " names a CID, but no content store was given to read it from");
            return DatasetPublisher.fetch(cid.get(), store);
        }
        switch (spec) {
            case "fashion-mnist" -> {
                return FashionMnist.load(FashionMnist.DEFAULT_DIR);
            }
            case "digits" -> {
                return digits(seed);
            }
            case "boston" -> {
                return boston(seed);
            }
            default -> {
                return loadPath(Path.of(spec), seed, options);
            }
        }
    }

    /**
     * The manifest CID {@code spec} names: {@code "cid:<CID>"} (any CID version), or a bare CIDv1 string that is not an
     * existing path; empty otherwise.
     *
     * @throws DatasetFormatException if {@code spec} starts with {@code cid:} but the rest is not a CID
     */
    public static Optional<Cid> datasetCid(String spec) throws DatasetFormatException {
        if (spec.startsWith(CID_PREFIX)) {
            try {
                return Optional.of(Cid.parse(spec.substring(CID_PREFIX.length()).strip()));
            } catch (MalformedCidException e) {
                throw new DatasetFormatException("dataset " + spec + ": not a CID: " + e.getMessage(), e);
            }
        }
        if (spec.length() < 50 || spec.contains("/") || spec.contains(".")) return Optional.empty();
        try {
            Cid cid = Cid.parse(spec);
            return cid.version() == 1 && !Files.exists(Path.of(spec)) ? Optional.of(cid) : Optional.empty();
        } catch (MalformedCidException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The bundled sklearn digits: 1437 train / 360 test rows of 64 features, 10 classes, {@code imageShape [8, 8]}. */
    public static DatasetSplit digits(long seed) throws IOException {
        try (InputStream in = Datasets.class.getResourceAsStream(DIGITS_RESOURCE)) {
            if (in == null) {
                throw new DatasetNotFoundException(Path.of(DIGITS_RESOURCE), "bundled digits sample missing from the class path: " + DIGITS_RESOURCE);
            }
            DatasetSplit s = CsvDatasetReader.readScaledByMaxAbs(in, "digits.csv.gz", seed);
            return new DatasetSplit(withImageShape(s.train(), 8, 8), withImageShape(s.test(), 8, 8));
        }
    }

    /**
     * The bundled Boston house prices ({@link #BOSTON_RESOURCE}; scikit-learn's copy, BSD-3-Clause, from StatLib):
     * regression on {@code MEDV} (thousands of US dollars), 404 train / 102 test rows (seeded 80/20 split) of 13
     * features z-scored with the training rows' statistics ({@link CsvDatasetReader}).
     *
     * @throws DatasetNotFoundException if the resource is missing from the class path
     */
    public static DatasetSplit boston(long seed) throws IOException {
        try (InputStream in = Datasets.class.getResourceAsStream(BOSTON_RESOURCE)) {
            if (in == null) {
                throw new DatasetNotFoundException(Path.of(BOSTON_RESOURCE), "bundled Boston sample missing from the class path: " + BOSTON_RESOURCE);
            }
            return CsvDatasetReader.read(in, "boston.csv.gz", seed, DatasetOptions.defaults().withTargetColumn("MEDV")
                    .withTask(DatasetOptions.TaskType.REGRESSION));
        }
    }

    private static LabeledDataset withImageShape(LabeledDataset d, int rows, int cols) {
        return new LabeledDataset(d.name(), d.features(), d.labels(), d.numFeatures(), d.numClasses(), new int[] {rows, cols}, d.preprocessing());
    }

    private static DatasetSplit loadPath(Path path, long seed, DatasetOptions options) throws IOException {
        if (!Files.exists(path)) {
            throw new DatasetNotFoundException(path, "dataset not found: " + path
                    + " (expected 'fashion-mnist', 'digits', 'boston', a .csv/.csv.gz file, an IDX directory, an IDX images file, "
                    + "an image folder or a dataset CID)");
        }
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            Optional<Path> idx = findIdx(path, "train-images-idx3-ubyte");
            if (idx.isEmpty() && ImageFolderReader.isImageFolder(path)) {
                return ImageFolderReader.read(path, seed, options);
            }
            Path images = idx.orElseThrow(() -> new DatasetNotFoundException(path.resolve("train-images-idx3-ubyte.gz"),
                    "no dataset in directory " + path + ": neither train-images-idx3-ubyte[.gz] (IDX) nor class subfolders (image folder)"));
            return fromImagesFile(images, seed);
        }
        if (file.endsWith(".csv") || file.endsWith(".csv.gz")) {
            return CsvDatasetReader.read(path, seed, options);
        }
        if (file.contains("-images-idx3-ubyte")) {
            return fromImagesFile(path, seed);
        }
        throw new DatasetFormatException(path + ": not a recognised dataset (expected .csv, .csv.gz, an IDX directory or "
                + "a *-images-idx3-ubyte[.gz] file)");
    }

    private static DatasetSplit fromImagesFile(Path images, long seed) throws IOException {
        String file = images.getFileName().toString();
        Path dir = images.toAbsolutePath().getParent();
        Path labels = dir.resolve(file.replace("-images-idx3-ubyte", "-labels-idx1-ubyte"));
        if (!Files.exists(labels)) {
            throw new DatasetNotFoundException(labels, "labels file not found for " + images + ": expected " + labels);
        }
        String prefix = file.substring(0, file.indexOf("-images-idx3-ubyte"));
        String name = dir.getFileName() == null ? prefix : dir.getFileName().toString();
        if (prefix.equals("train")) {
            Optional<Path> testImages = findIdx(dir, "t10k-images-idx3-ubyte");
            Optional<Path> testLabels = findIdx(dir, "t10k-labels-idx1-ubyte");
            if (testImages.isPresent() && testLabels.isPresent()) {
                LabeledDataset train = IdxReader.read(images, labels, name + "/train");
                LabeledDataset test = IdxReader.read(testImages.get(), testLabels.get(), name + "/test");
                int classes = Math.max(train.numClasses(), test.numClasses());
                return new DatasetSplit(withClasses(train, classes), withClasses(test, classes));
            }
        }
        return SeededShuffle.split8020(IdxReader.read(images, labels, name), seed, name);
    }

    private static LabeledDataset withClasses(LabeledDataset d, int classes) {
        return d.numClasses() == classes ? d
                : new LabeledDataset(d.name(), d.features(), d.labels(), d.numFeatures(), classes, d.imageShape(), d.preprocessing());
    }

    private static Optional<Path> findIdx(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return Optional.of(gz);
        Path plain = dir.resolve(base);
        return Files.isRegularFile(plain) ? Optional.of(plain) : Optional.empty();
    }
}
