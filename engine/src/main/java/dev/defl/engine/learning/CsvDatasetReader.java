package dev.defl.engine.learning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a table of comma-separated values (RFC 4180) into a train/test split, for classification or regression.
 *
 * <ul>
 *   <li><b>Bytes:</b> the stream may be gzip-compressed (detected by the magic {@code 1f 8b}); it must be UTF-8 (a
 *       byte-order mark is skipped; other bytes fail naming {@code file:line}, the byte and its 0-based byte offset,
 *       in the decompressed data for a gzipped file). Fields may be quoted ({@code "a, b"}, {@code ""} for a quote
 *       inside, line breaks inside quotes); unquoted fields are stripped of surrounding white space. Blank lines are
 *       skipped.</li>
 *   <li><b>Numbers:</b> decimal, as {@code [+-]digits[.digits][e[+-]digits]} ({@code 1}, {@code -2.5}, {@code .5},
 *       {@code 1e-3}); not Java's other forms ({@code 2.6f}, {@code 0x1p3}). {@code inf} / {@code Infinity} and values
 *       beyond the float range are numbers but refused as non-finite.</li>
 *   <li><b>Preamble:</b> scikit-learn's bundled tables ({@code sklearn/datasets/data/*.csv}) start with a line
 *       {@code n_samples,n_features,…}; a first line whose first two cells are integers {@code n, d} followed by
 *       {@code n} or {@code n + 1} (header) rows of {@code d + 1} fields is skipped.</li>
 *   <li><b>Header:</b> the first row is a header when some column has a non-numeric first cell but only numbers (or
 *       missing cells) below it, or when every first-row cell is text that occurs nowhere else in its column; never
 *       when more than half of its cells are numbers (that is a data row, and a typo in it is reported as one).</li>
 *   <li><b>Target:</b> {@link DatasetOptions#targetColumn()} by header name (exact, then ignoring case) or 1-based
 *       index; the last column by default.</li>
 *   <li><b>Task:</b> {@link DatasetOptions.TaskType#AUTO} makes integer or text targets with at most
 *       {@value #MAX_AUTO_CLASSES} distinct values a classification, any other numeric target a regression. A target
 *       column whose cells are mostly (more than half) numbers but not all is a numeric column with typos, not a
 *       classification: it fails naming the first {@value #MAX_BAD_LISTED} non-numeric cells as
 *       {@code file:line:column "value"} and their count ({@link DatasetOptions.TaskType#CLASSIFICATION} reads such a
 *       column's values as class names; {@link DatasetOptions.TaskType#REGRESSION} fails on any non-numeric cell).
 *       Classification labels: non-negative integers are the class indices ({@code numClasses} = largest + 1), other
 *       labels are sorted ({@link String#compareTo}) and numbered from 0. Regression: the raw target values become
 *       {@link LabeledDataset#targets()} (not scaled) and {@link LabeledDataset#labels()} their bin among
 *       {@value #TARGET_BINS} bins cut at the training targets' deciles.</li>
 *   <li><b>Missing cells:</b> empty, {@code NA}, {@code NaN} or {@code ?} (ignoring case).
 *       {@link DatasetOptions.MissingValues#REPORT} fails naming the first {@value #MAX_MISSING_LISTED} as
 *       {@code file:line:column} and the count; {@code MEAN} / {@code MEDIAN} fill a numeric feature cell with its
 *       column's training-split mean / median and a categorical one with its training-split most frequent value (ties:
 *       the smallest); a missing target cannot be filled (use {@code DROP}); {@code DROP} removes every row with a
 *       missing cell before the split.</li>
 *   <li><b>Split:</b> rows are shuffled with {@code new java.util.Random(seed)} (Fisher–Yates) and the first
 *       {@code floor(0.8 n)} train, the rest test.</li>
 *   <li><b>Features:</b> a column is numeric when most of its non-missing cells are numbers (a non-number in it is an
 *       error naming the first {@value #MAX_BAD_LISTED} and the count), otherwise categorical. Numeric columns are
 *       standardized, {@code (x − mean) / std} with the mean and population standard deviation of the
 *       <em>training</em> rows (std 0: only centred), as scikit-learn's
 *       {@code StandardScaler}; categorical columns are one-hot encoded over the categories seen in the training rows,
 *       in sorted order (a category seen only in test rows encodes as all zeros), as {@code OneHotEncoder(
 *       handle_unknown="ignore")}. Feature order: the columns' order, each categorical column expanded in place.</li>
 *   <li>Everything above (columns, statistics, categories, imputation, dropped rows, feature names) is written to
 *       {@link LabeledDataset#preprocessing()}, which goes into the model metadata.</li>
 * </ul>
 * Nothing is returned half-loaded: a malformed row fails the whole read with {@code "file:line:column: reason"}.
 */
public final class CsvDatasetReader {
    /** Prefix of the preprocessing of the bundled digits (pixel columns divided by their training maximum). */
    public static final String PREPROCESSING = "x/max|x| per column (train)";
    /** Where the feature names start in a standardized table's preprocessing note: {@code "; features (d): a,b,…"}. */
    static final String FEATURES_PREFIX = "; features (";

    /**
     * The feature names a CSV table recorded in its {@link LabeledDataset#preprocessing()} (header names; one-hot
     * columns as {@code column=category}), in column order.
     *
     * @param numFeatures the dataset's feature count {@code d}
     * @return the {@code d} names, or an empty list when the note has none or they cannot be told apart (a name with
     *         a comma)
     */
    public static List<String> featureNames(String preprocessing, int numFeatures) {
        if (preprocessing == null) return List.of();
        int at = preprocessing.lastIndexOf(FEATURES_PREFIX + numFeatures + "): ");
        if (at < 0) return List.of();
        String list = preprocessing.substring(at + FEATURES_PREFIX.length() + Integer.toString(numFeatures).length() + 3);
        List<String> names = List.of(list.split(",", -1));
        return names.size() == numFeatures ? names : List.of();
    }

    /** Prefix of the preprocessing of every other CSV table. */
    public static final String STANDARDIZED = "csv: numeric columns z-scored with train mean/std, text columns one-hot";
    /** Quantile bins of a regression target that serve as its {@link LabeledDataset#labels()}. */
    public static final int TARGET_BINS = 10;
    /** Largest number of distinct integer or text targets that {@link DatasetOptions.TaskType#AUTO} takes for classes. */
    public static final int MAX_AUTO_CLASSES = 20;
    /** Missing cells named in a {@link DatasetOptions.MissingValues#REPORT} error before the count. */
    public static final int MAX_MISSING_LISTED = 10;
    /** Non-numeric cells of a numeric column named in the error before the count. */
    public static final int MAX_BAD_LISTED = 5;
    private static final int MIN_ROWS = 5;
    private static final long MAX_CLASS_INDEX = 100_000;

    /** How numeric feature columns are scaled. */
    enum Scaling {
        /** {@code (x − mean) / std}, training statistics. */
        Z_SCORE,
        /** {@code x / max|x|}, training maximum; the bundled digits, whose pixels share one range. */
        MAX_ABS
    }

    private CsvDatasetReader() {
    }

    /**
     * Reads a {@code .csv} or {@code .csv.gz} file with {@link DatasetOptions#defaults()}.
     *
     * @see #read(Path, long, DatasetOptions)
     */
    public static DatasetSplit read(Path file, long seed) throws IOException {
        return read(file, seed, DatasetOptions.defaults());
    }

    /**
     * Reads a {@code .csv} or {@code .csv.gz} file (see the class comment).
     *
     * @param file    CSV file
     * @param seed    seed of the train/test shuffle
     * @param options target column, task type and missing-value policy (image fields are ignored)
     * @return the 80/20 split, names {@code <file base name>/train} and {@code /test}, {@code imageShape = null}
     * @throws DatasetNotFoundException if the file does not exist
     * @throws DatasetFormatException   on bytes that are not UTF-8 ("file:line: not UTF-8: byte 0xE9 at byte offset
     *                                  13 …"), a malformed row ("file:line:column: reason"), a non-numeric cell in a
     *                                  numeric column or target ("file:line:column: non-numeric value "x1y" in column
     *                                  14 (MEDV); …", with the count), missing cells under {@code REPORT}, an unknown
     *                                  target column, or fewer than 5 rows
     */
    public static DatasetSplit read(Path file, long seed, DatasetOptions options) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(file, "CSV file not found: " + file);
        }
        return parse(raw, file.toString(), baseName(file.getFileName().toString()), seed, options, Scaling.Z_SCORE);
    }

    /** As {@link #read(InputStream, String, long, DatasetOptions)} with {@link DatasetOptions#defaults()}. */
    public static DatasetSplit read(InputStream in, String sourceName, long seed) throws IOException {
        return read(in, sourceName, seed, DatasetOptions.defaults());
    }

    /**
     * Reads CSV from a stream (e.g. a class-path resource); the stream is read to the end but not closed.
     *
     * @param in         CSV bytes, optionally gzipped
     * @param sourceName name used in error messages and dataset names, e.g. {@code boston.csv.gz}
     * @param seed       seed of the train/test shuffle
     * @param options    target column, task type and missing-value policy
     * @throws DatasetFormatException as {@link #read(Path, long, DatasetOptions)}, errors naming {@code sourceName}
     */
    public static DatasetSplit read(InputStream in, String sourceName, long seed, DatasetOptions options) throws IOException {
        return parse(in.readAllBytes(), sourceName, baseName(sourceName), seed, options, Scaling.Z_SCORE);
    }

    /**
     * The bundled digits' path: as {@link #read(InputStream, String, long)} but every numeric column divided by its
     * training maximum {@code |x|} (pixels 0–16 become 0–1) rather than standardized; the preprocessing starts with
     * {@link #PREPROCESSING}.
     */
    static DatasetSplit readScaledByMaxAbs(InputStream in, String sourceName, long seed) throws IOException {
        return parse(in.readAllBytes(), sourceName, baseName(sourceName), seed, DatasetOptions.defaults(), Scaling.MAX_ABS);
    }

    private static String baseName(String fileName) {
        String s = fileName;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        if (slash >= 0) s = s.substring(slash + 1);
        if (s.endsWith(".gz")) s = s.substring(0, s.length() - 3);
        if (s.endsWith(".csv")) s = s.substring(0, s.length() - 4);
        return s.isEmpty() ? "csv" : s;
    }

    /** One CSV record: its 1-based line number (where it starts) and its fields. */
    private record Row(int line, String[] cells) {
    }

    private static DatasetSplit parse(byte[] raw, String source, String baseName, long seed, DatasetOptions options,
                                      Scaling scaling) throws DatasetFormatException {
        byte[] bytes = DatasetBytes.decompressIfGzip(raw, source);
        String text = Utf8Text.decode(bytes, source, DatasetBytes.isGzip(raw));
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Row> rows = records(text, source);
        if (rows.isEmpty()) throw new DatasetFormatException(source + ": no rows");
        List<String> notes = new ArrayList<>();
        if (isSklearnPreamble(rows)) {
            notes.add("sklearn preamble line " + rows.getFirst().line() + " skipped");
            rows = rows.subList(1, rows.size());
        }
        String[] header = null;
        if (isHeader(rows)) {
            header = rows.getFirst().cells();
            rows = rows.subList(1, rows.size());
        }
        if (rows.isEmpty()) throw new DatasetFormatException(source + ": no data rows");
        int width = header != null ? header.length : rows.getFirst().cells().length;
        if (width < 2) {
            throw new DatasetFormatException(source + ":" + rows.getFirst().line() + ":1: row has " + width
                    + " field, expected at least 2 (features and a target)");
        }
        for (Row r : rows) {
            if (r.cells().length != width) {
                throw new DatasetFormatException(source + ":" + r.line() + ":" + (Math.min(r.cells().length, width) + 1)
                        + ": row has " + r.cells().length + " fields, expected " + width);
            }
        }
        if (rows.size() < MIN_ROWS) {
            throw new DatasetFormatException(source + ": only " + rows.size() + " data rows; at least " + MIN_ROWS
                    + " are needed for an 80/20 split");
        }
        String[] names = new String[width];
        for (int c = 0; c < width; c++) {
            names[c] = header != null && !header[c].isEmpty() ? header[c] : "column " + (c + 1);
        }
        int target = targetColumn(options.targetColumn(), header, width, source);

        // Missing cells: report, refuse to impute targets, or drop rows.
        List<String> missingCells = new ArrayList<>();
        List<String> missingTargets = new ArrayList<>();
        int missingCount = 0;
        for (Row r : rows) {
            for (int c = 0; c < width; c++) {
                if (!CsvCells.isMissing(r.cells()[c])) continue;
                missingCount++;
                if (missingCells.size() < MAX_MISSING_LISTED) missingCells.add(source + ":" + r.line() + ":" + (c + 1));
                if (c == target && missingTargets.size() < MAX_MISSING_LISTED) missingTargets.add(source + ":" + r.line() + ":" + (c + 1));
            }
        }
        DatasetOptions.MissingValues policy = options.missing();
        if (missingCount > 0) {
            switch (policy) {
                case REPORT -> throw new DatasetFormatException(source + ": " + missingCount
                        + " missing cell" + (missingCount == 1 ? "" : "s") + " (empty, NA, NaN or ?): "
                        + String.join(", ", missingCells) + (missingCount > missingCells.size() ? ", …" : "")
                        + "; fill them in, or choose the missing-value policy mean, median or drop");
                case MEAN, MEDIAN -> {
                    if (!missingTargets.isEmpty()) {
                        throw new DatasetFormatException(source + ": the target column " + names[target]
                                + " has missing cells, which cannot be imputed: " + String.join(", ", missingTargets)
                                + "; choose the missing-value policy drop");
                    }
                }
                case DROP -> {
                    List<Row> kept = new ArrayList<>();
                    for (Row r : rows) if (Arrays.stream(r.cells()).noneMatch(CsvCells::isMissing)) kept.add(r);
                    notes.add("missing: " + (rows.size() - kept.size()) + " rows with missing cells dropped");
                    rows = kept;
                    if (rows.size() < MIN_ROWS) {
                        throw new DatasetFormatException(source + ": only " + rows.size() + " rows without missing cells; at least "
                                + MIN_ROWS + " are needed for an 80/20 split");
                    }
                }
            }
        }
        int n = rows.size();
        int[] perm = SeededShuffle.permutation(n, new Random(seed));
        int nTrain = (int) (n * 4L / 5);
        boolean[] isTrain = new boolean[n];
        for (int k = 0; k < nTrain; k++) isTrain[perm[k]] = true;

        Target t = target(rows, target, names[target], options.task(), isTrain, source);

        // Features.
        List<String> featureNames = new ArrayList<>();
        List<float[]> columns = new ArrayList<>(); // one float[n] per output feature
        List<String> numericNotes = new ArrayList<>();
        List<String> categoricalNotes = new ArrayList<>();
        int imputed = 0;
        for (int c = 0; c < width; c++) {
            if (c == target) continue;
            if (isNumericColumn(rows, c)) {
                requireNumbers(rows, c, names[c], source, "column " + (c + 1) + " is numeric (%d of its cells are numbers), so "
                        + "every cell must be a number or missing (empty, NA, NaN or ?)");
                float[] values = new float[n];
                boolean[] missing = new boolean[n];
                List<Double> trainValues = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String cell = rows.get(i).cells()[c];
                    if (CsvCells.isMissing(cell)) {
                        missing[i] = true;
                        continue;
                    }
                    values[i] = number(cell, rows.get(i).line(), c, names[c], source);
                    if (isTrain[i]) trainValues.add((double) values[i]);
                }
                if (trainValues.isEmpty()) {
                    throw new DatasetFormatException(source + ": column " + (c + 1) + " (" + names[c] + ") has no values in the training split");
                }
                double fill = policy == DatasetOptions.MissingValues.MEDIAN ? median(trainValues) : mean(trainValues);
                for (int i = 0; i < n; i++) {
                    if (missing[i]) {
                        values[i] = (float) fill;
                        imputed++;
                    }
                }
                if (scaling == Scaling.MAX_ABS) {
                    float max = 0;
                    for (int i = 0; i < n; i++) if (isTrain[i]) max = Math.max(max, Math.abs(values[i]));
                    float divisor = max > 0 ? max : 1f;
                    for (int i = 0; i < n; i++) values[i] = values[i] / divisor;
                    numericNotes.add(compact(max));
                } else {
                    double mean = 0;
                    double m2 = 0;
                    for (int i = 0; i < n; i++) if (isTrain[i]) mean += values[i];
                    mean /= nTrain;
                    for (int i = 0; i < n; i++) if (isTrain[i]) m2 += (values[i] - mean) * (values[i] - mean);
                    double std = Math.sqrt(m2 / nTrain);
                    double divisor = std > 0 ? std : 1;
                    for (int i = 0; i < n; i++) values[i] = (float) ((values[i] - mean) / divisor);
                    numericNotes.add(names[c] + "(mean=" + (float) mean + ",std=" + (float) std + ")");
                }
                columns.add(values);
                featureNames.add(names[c]);
            } else {
                TreeMap<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    String cell = rows.get(i).cells()[c];
                    if (isTrain[i] && !CsvCells.isMissing(cell)) counts.merge(cell, 1, Integer::sum);
                }
                if (counts.isEmpty()) {
                    throw new DatasetFormatException(source + ": column " + (c + 1) + " (" + names[c] + ") has no values in the training split");
                }
                String mode = counts.firstKey();
                for (Map.Entry<String, Integer> e : counts.entrySet()) if (e.getValue() > counts.get(mode)) mode = e.getKey();
                List<String> categories = List.copyOf(counts.keySet());
                Map<String, Integer> index = new HashMap<>();
                for (String cat : categories) {
                    index.put(cat, columns.size());
                    columns.add(new float[n]);
                    featureNames.add(names[c] + "=" + cat);
                }
                for (int i = 0; i < n; i++) {
                    String cell = rows.get(i).cells()[c];
                    if (CsvCells.isMissing(cell)) {
                        cell = mode;
                        imputed++;
                    }
                    Integer column = index.get(cell);
                    if (column != null) columns.get(column)[i] = 1f; // unseen in training: all zeros
                }
                categoricalNotes.add(names[c] + "{" + String.join(",", categories) + "}"
                        + (policy == DatasetOptions.MissingValues.MEAN || policy == DatasetOptions.MissingValues.MEDIAN
                        ? "(mode=" + mode + ")" : ""));
            }
        }
        int d = columns.size();
        if (d == 0) throw new DatasetFormatException(source + ": no feature columns besides the target " + names[target]);
        float[] x = new float[n * d];
        for (int j = 0; j < d; j++) {
            float[] col = columns.get(j);
            for (int i = 0; i < n; i++) x[i * d + j] = col[i];
        }

        String preprocessing;
        if (scaling == Scaling.MAX_ABS) {
            preprocessing = PREPROCESSING + "; max|x|=[" + String.join(",", numericNotes) + "] (0 = unscaled); " + t.note();
        } else {
            StringBuilder sb = new StringBuilder(STANDARDIZED);
            for (String note : notes) sb.append("; ").append(note);
            sb.append("; ").append(header != null ? "header line" : "no header line");
            sb.append("; target ").append(names[target]).append(" (column ").append(target + 1).append("): ").append(t.note());
            if (imputed > 0) {
                sb.append("; missing: ").append(imputed).append(" cells imputed with train ")
                        .append(policy == DatasetOptions.MissingValues.MEDIAN ? "median" : "mean").append(" (text: most frequent)");
            }
            if (!numericNotes.isEmpty()) sb.append("; z-score (std 0 = centred only): ").append(String.join(", ", numericNotes));
            if (!categoricalNotes.isEmpty()) {
                sb.append("; one-hot over train categories, unseen = all zeros: ").append(String.join(", ", categoricalNotes));
            }
            sb.append(FEATURES_PREFIX).append(d).append("): ").append(String.join(",", featureNames));
            preprocessing = sb.toString();
        }
        LabeledDataset all = new LabeledDataset(baseName, x, t.labels(), d, t.numClasses(), null, preprocessing, t.targets());
        int[] trainRows = Arrays.copyOfRange(perm, 0, nTrain);
        int[] testRows = Arrays.copyOfRange(perm, nTrain, n);
        return new DatasetSplit(all.subset(trainRows, baseName + "/train"), all.subset(testRows, baseName + "/test"));
    }

    /** The target column's labels (classes or target bins), count, raw targets (regression) and a note. */
    private record Target(int[] labels, int numClasses, float[] targets, String note) {
    }

    private static Target target(List<Row> rows, int column, String name, DatasetOptions.TaskType task, boolean[] isTrain,
                                 String source) throws DatasetFormatException {
        int n = rows.size();
        String[] cells = new String[n];
        for (int i = 0; i < n; i++) cells[i] = rows.get(i).cells()[column];
        boolean integers = true;
        int numeric = 0;
        int text = 0;
        for (String s : cells) {
            integers &= CsvCells.isInteger(s);
            if (CsvCells.isNumber(s)) numeric++;
            else if (!CsvCells.isMissing(s)) text++;
        }
        boolean numbers = text == 0;
        if (task == DatasetOptions.TaskType.AUTO && text > 0 && numeric > text) {
            requireNumbers(rows, column, name, source, "the target column is numeric (%d of its cells are numbers), so a "
                    + "non-numeric cell there is taken for a typo: fix it, or choose the target type classification to read every "
                    + "value as a class name");
        }
        if (task == DatasetOptions.TaskType.REGRESSION) {
            requireNumbers(rows, column, name, source, "a regression target must be a number in every row");
        }
        long distinct = Arrays.stream(cells).distinct().count();
        boolean regression = switch (task) {
            case REGRESSION -> true;
            case CLASSIFICATION -> false;
            case AUTO -> numbers && (!integers || distinct > MAX_AUTO_CLASSES);
        };
        if (regression) {
            float[] targets = new float[n];
            for (int i = 0; i < n; i++) targets[i] = number(cells[i], rows.get(i).line(), column, name, source);
            float[] train = new float[countTrue(isTrain)];
            for (int i = 0, k = 0; i < n; i++) if (isTrain[i]) train[k++] = targets[i];
            Arrays.sort(train);
            float[] edges = new float[TARGET_BINS - 1];
            for (int k = 1; k < TARGET_BINS; k++) edges[k - 1] = train[(int) ((long) k * train.length / TARGET_BINS)];
            int[] bins = new int[n];
            for (int i = 0; i < n; i++) {
                int b = 0;
                while (b < edges.length && targets[i] >= edges[b]) b++;
                bins[i] = b;
            }
            StringBuilder sb = new StringBuilder("regression, raw targets (not scaled); labels = ").append(TARGET_BINS)
                    .append(" bins cut at the train deciles [");
            for (int k = 0; k < edges.length; k++) sb.append(k == 0 ? "" : ",").append(compact(edges[k]));
            return new Target(bins, TARGET_BINS, targets, sb.append(']').toString());
        }
        int[] y = new int[n];
        boolean indices = true;
        for (String s : cells) indices &= CsvCells.isInteger(s) && !s.startsWith("-");
        if (indices) {
            int max = 0;
            for (int i = 0; i < n; i++) {
                long v = Long.parseLong(cells[i]);
                if (v > MAX_CLASS_INDEX) {
                    throw new DatasetFormatException(source + ":" + rows.get(i).line() + ":" + (column + 1) + ": class label " + v
                            + " is too large (integer labels must be class indices 0.." + MAX_CLASS_INDEX + ")");
                }
                y[i] = (int) v;
                max = Math.max(max, y[i]);
            }
            return new Target(y, max + 1, null, "labels: integer class indices");
        }
        TreeSet<String> sorted = new TreeSet<>(Arrays.asList(cells));
        Map<String, Integer> index = new HashMap<>();
        for (String s : sorted) index.put(s, index.size());
        for (int i = 0; i < n; i++) y[i] = index.get(cells[i]);
        return new Target(y, sorted.size(), null, "labels: " + String.join(",", sorted) + " -> 0.." + (sorted.size() - 1) + " (sorted)");
    }

    private static int countTrue(boolean[] a) {
        int k = 0;
        for (boolean b : a) if (b) k++;
        return k;
    }

    private static int targetColumn(String spec, String[] header, int width, String source) throws DatasetFormatException {
        if (spec == null || spec.isBlank()) return width - 1;
        String s = spec.strip();
        if (header != null) {
            for (int c = 0; c < width; c++) if (header[c].equals(s)) return c;
            for (int c = 0; c < width; c++) if (header[c].equalsIgnoreCase(s)) return c;
        }
        if (CsvCells.isInteger(s) && !s.startsWith("-")) {
            long index = Long.parseLong(s);
            if (index >= 1 && index <= width) return (int) index - 1;
            throw new DatasetFormatException(source + ": target column " + index + " is out of range; the table has " + width + " columns");
        }
        throw new DatasetFormatException(source + ": no target column '" + s + "'"
                + (header != null ? "; columns: " + String.join(", ", header) : "; the table has no header line, give a 1-based column index"));
    }

    /** A column is numeric when more of its non-missing cells are numbers than are not. */
    private static boolean isNumericColumn(List<Row> rows, int c) {
        int numeric = 0;
        int text = 0;
        for (Row r : rows) {
            String cell = r.cells()[c];
            if (CsvCells.isMissing(cell)) continue;
            if (CsvCells.isNumber(cell)) numeric++;
            else text++;
        }
        return numeric > text || numeric + text == 0;
    }

    /** A cell of a column that {@link #requireNumbers} passed: a decimal number, or a non-finite one refused here. */
    private static float number(String cell, int line, int c, String name, String source) throws DatasetFormatException {
        if (!CsvCells.isDecimal(cell) && !CsvCells.isInfinity(cell)) {
            throw new DatasetFormatException(source + ":" + line + ":" + (c + 1) + ": non-numeric value \"" + shown(cell)
                    + "\" in " + column(c, name));
        }
        float v = CsvCells.isInfinity(cell) ? Float.POSITIVE_INFINITY : Float.parseFloat(cell);
        if (!Float.isFinite(v)) {
            throw new DatasetFormatException(source + ":" + line + ":" + (c + 1) + ": non-finite value \"" + shown(cell) + "\" in "
                    + column(c, name) + (CsvCells.isInfinity(cell) ? "" : " (beyond the float range ±3.4e38)"));
        }
        return v;
    }

    /** {@code "column 3"} or {@code "column 3 (name)"} when the column has a header name. */
    private static String column(int c, String name) {
        return "column " + (c + 1) + (name.startsWith("column ") ? "" : " (" + name + ")");
    }

    /** A cell as an error message quotes it: control characters escaped as in Java literals (tab: backslash-t), cut at 40 chars. */
    private static String shown(String cell) {
        StringBuilder sb = new StringBuilder();
        int limit = Math.min(cell.length(), 40);
        for (int i = 0; i < limit; i++) {
            char ch = cell.charAt(i);
            switch (ch) {
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f || Character.isISOControl(ch)) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return cell.length() > limit ? sb.append("…").toString() : sb.toString();
    }

    /**
     * Fails when a column read as numbers holds a cell that is neither a number nor missing, naming the first
     * {@value #MAX_BAD_LISTED} such cells as {@code file:line:column "value"} and their count.
     *
     * @param why the last clause of the message, with {@code %d} for the number of numeric cells in the column
     * @throws DatasetFormatException {@code "file:line:column: non-numeric value "x1y" in column 14 (MEDV); …"}
     */
    private static void requireNumbers(List<Row> rows, int c, String name, String source, String why) throws DatasetFormatException {
        List<Row> bad = new ArrayList<>();
        int count = 0;
        int numeric = 0;
        for (Row r : rows) {
            String cell = r.cells()[c];
            if (CsvCells.isNumber(cell)) numeric++;
            else if (!CsvCells.isMissing(cell) && count++ < MAX_BAD_LISTED) bad.add(r);
        }
        if (count == 0) return;
        Row first = bad.getFirst();
        StringBuilder sb = new StringBuilder(source).append(':').append(first.line()).append(':').append(c + 1)
                .append(": non-numeric value \"").append(shown(first.cells()[c])).append("\" in ").append(column(c, name));
        if (count > 1) {
            sb.append("; ").append(count).append(" non-numeric cells: ");
            for (int k = 0; k < bad.size(); k++) {
                Row r = bad.get(k);
                sb.append(k == 0 ? "" : ", ").append(source).append(':').append(r.line()).append(':').append(c + 1)
                        .append(" \"").append(shown(r.cells()[c])).append('"');
            }
            if (count > bad.size()) sb.append(", …");
        }
        throw new DatasetFormatException(sb.append("; ").append(why.formatted(numeric)).toString());
    }

    private static double mean(List<Double> values) {
        double s = 0;
        for (double v : values) s += v;
        return s / values.size();
    }

    /** The median; for an even count the mean of the two middle values (as {@code numpy.median}). */
    private static double median(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    private static String compact(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    /** RFC 4180 records; blank lines skipped; unquoted fields stripped. */
    private static List<Row> records(String text, String source) throws DatasetFormatException {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;      // the current field was quoted
        boolean inQuotes = false;
        boolean blank = true;        // the current record has no content yet
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        int len = text.length();
        for (int i = 0; i <= len; i++) {
            char ch = i < len ? text.charAt(i) : '\n';
            if (inQuotes) {
                if (i == len) {
                    throw new DatasetFormatException(source + ":" + quoteLine + ": quoted field is not closed before the end of the file");
                }
                if (ch == '"') {
                    if (i + 1 < len && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (ch == '\n' || (ch == '\r' && (i + 1 >= len || text.charAt(i + 1) != '\n'))) line++;
                    field.append(ch);
                }
                continue;
            }
            if (ch == '"' && field.toString().isBlank() && !quoted) {
                field.setLength(0);
                quoted = true;
                inQuotes = true;
                quoteLine = line;
                blank = false;
            } else if (ch == ',') {
                cells.add(quoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                quoted = false;
                blank = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < len && text.charAt(i + 1) == '\n') i++;
                if (!blank || !field.toString().isBlank()) {
                    cells.add(quoted ? field.toString() : field.toString().strip());
                    rows.add(new Row(recordLine, cells.toArray(String[]::new)));
                }
                cells.clear();
                field.setLength(0);
                quoted = false;
                blank = true;
                line++;
                recordLine = line;
            } else {
                if (!quoted) field.append(ch); // characters after a closing quote are ignored
            }
        }
        return rows;
    }

    private static boolean isSklearnPreamble(List<Row> rows) {
        if (rows.size() < 2) return false;
        String[] first = rows.getFirst().cells();
        if (first.length < 2 || !CsvCells.isInteger(first[0]) || !CsvCells.isInteger(first[1])) return false;
        long n = Long.parseLong(first[0]);
        long d = Long.parseLong(first[1]);
        int after = rows.size() - 1;
        return (after == n || after == n + 1) && rows.get(1).cells().length == d + 1;
    }

    private static boolean isHeader(List<Row> rows) {
        String[] first = rows.getFirst().cells();
        if (rows.size() < 2) return false;
        int numbers = 0;
        for (String cell : first) if (CsvCells.isNumber(cell)) numbers++;
        if (2 * numbers > first.length) return false; // mostly numbers: a data row (with a typo), not a header
        boolean allText = true;
        boolean repeated = false;
        for (int c = 0; c < first.length; c++) {
            boolean text = !CsvCells.isNumber(first[c]) && !CsvCells.isMissing(first[c]);
            allText &= text;
            if (!text) continue;
            boolean numbersBelow = true;
            for (int r = 1; r < rows.size(); r++) {
                String[] cells = rows.get(r).cells();
                if (c >= cells.length) continue;
                if (!CsvCells.isMissing(cells[c]) && !CsvCells.isNumber(cells[c])) numbersBelow = false;
                if (cells[c].equals(first[c])) repeated = true;
            }
            if (numbersBelow) return true;
        }
        return allText && !repeated;
    }
}
