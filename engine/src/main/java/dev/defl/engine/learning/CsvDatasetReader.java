package dev.defl.engine.learning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a classification table from comma-separated values (RFC 4180 without quoted commas): every column but the
 * last is a numeric feature, the last column is the class label.
 *
 * <ul>
 *   <li>The stream may be gzip-compressed (detected by the magic {@code 1f 8b}); it must be UTF-8.</li>
 *   <li>Header: the first row is a header when one of its feature cells is not a number, or when its label cell is
 *       not an integer while the next row's label is.</li>
 *   <li>Labels: when every label is a non-negative integer they are the class indices and {@code numClasses} is the
 *       largest + 1; otherwise the distinct label strings are sorted ({@link String#compareTo}) and numbered from 0.</li>
 *   <li>Split: rows are shuffled with {@code new java.util.Random(seed)} (Fisher–Yates) and the first
 *       {@code floor(0.8 n)} train, the rest test.</li>
 *   <li>Preprocessing: each feature is divided by its column's maximum absolute value over the <em>training</em> rows
 *       (columns whose training maximum is 0 are left unscaled); the divisors are recorded in
 *       {@link LabeledDataset#preprocessing()}.</li>
 * </ul>
 * Empty lines are skipped. Nothing is returned half-loaded: any malformed row fails the whole read.
 */
public final class CsvDatasetReader {
    /** Prefix of the recorded preprocessing. */
    public static final String PREPROCESSING = "x/max|x| per column (train)";

    private CsvDatasetReader() {
    }

    /**
     * Reads a {@code .csv} or {@code .csv.gz} file.
     *
     * @param file CSV file
     * @param seed seed of the train/test shuffle
     * @return the 80/20 split, names {@code <file base name>/train} and {@code /test}, {@code imageShape = null}
     * @throws DatasetNotFoundException if the file does not exist
     * @throws DatasetFormatException   on a malformed row ("file:line:column: reason") or too few rows
     */
    public static DatasetSplit read(Path file, long seed) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(file, "CSV file not found: " + file);
        }
        return parse(raw, file.toString(), baseName(file.getFileName().toString()), seed);
    }

    /**
     * Reads CSV from a stream (e.g. a class-path resource); the stream is read to the end but not closed.
     *
     * @param in         CSV bytes, optionally gzipped
     * @param sourceName name used in error messages and dataset names, e.g. {@code digits.csv.gz}
     * @param seed       seed of the train/test shuffle
     * @throws DatasetFormatException on a malformed row ("sourceName:line:column: reason") or too few rows
     */
    public static DatasetSplit read(InputStream in, String sourceName, long seed) throws IOException {
        return parse(in.readAllBytes(), sourceName, baseName(sourceName), seed);
    }

    private static String baseName(String fileName) {
        String s = fileName;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        if (slash >= 0) s = s.substring(slash + 1);
        if (s.endsWith(".gz")) s = s.substring(0, s.length() - 3);
        if (s.endsWith(".csv")) s = s.substring(0, s.length() - 4);
        return s.isEmpty() ? "csv" : s;
    }

    private static DatasetSplit parse(byte[] raw, String source, String baseName, long seed) throws DatasetFormatException {
        byte[] bytes = DatasetBytes.decompressIfGzip(raw, source);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(source + ": not UTF-8 text (" + e.getMessage() + ")", e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);

        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String[] cells = lines[i].split(",", -1);
            for (int c = 0; c < cells.length; c++) cells[c] = unquote(cells[c].strip());
            rows.add(cells);
            lineNumbers.add(i + 1);
        }
        if (rows.isEmpty()) throw new DatasetFormatException(source + ": no rows");

        int first = 0;
        String[] header = null;
        if (isHeader(rows)) {
            header = rows.getFirst();
            first = 1;
        }
        int expected = header != null ? header.length : rows.get(first).length;
        if (expected < 2) {
            throw new DatasetFormatException(source + ":" + lineNumbers.get(first) + ":1: row has " + expected
                    + " field, expected at least 2 (features then label)");
        }
        int d = expected - 1;
        int n = rows.size() - first;
        if (n < 5) throw new DatasetFormatException(source + ": only " + n + " data rows; at least 5 are needed for an 80/20 split");

        float[] x = new float[n * d];
        String[] labelCells = new String[n];
        for (int r = 0; r < n; r++) {
            String[] cells = rows.get(first + r);
            int line = lineNumbers.get(first + r);
            if (cells.length != expected) {
                throw new DatasetFormatException(source + ":" + line + ":" + (Math.min(cells.length, expected) + 1)
                        + ": row has " + cells.length + " fields, expected " + expected);
            }
            for (int c = 0; c < d; c++) {
                float v;
                try {
                    v = Float.parseFloat(cells[c]);
                } catch (NumberFormatException e) {
                    throw new DatasetFormatException(source + ":" + line + ":" + (c + 1) + ": non-numeric value \""
                            + cells[c] + "\" in column " + (c + 1) + (header != null ? " (" + header[c] + ")" : ""));
                }
                if (!Float.isFinite(v)) {
                    throw new DatasetFormatException(source + ":" + line + ":" + (c + 1) + ": non-finite value \""
                            + cells[c] + "\" in column " + (c + 1));
                }
                x[r * d + c] = v;
            }
            if (cells[d].isEmpty()) {
                throw new DatasetFormatException(source + ":" + line + ":" + (d + 1) + ": empty class label in column " + (d + 1));
            }
            labelCells[r] = cells[d];
        }

        int[] y = new int[n];
        int numClasses;
        String labelNote;
        if (allIntegers(labelCells)) {
            int max = 0;
            for (int r = 0; r < n; r++) {
                long v = Long.parseLong(labelCells[r]);
                if (v > 100_000) {
                    throw new DatasetFormatException(source + ":" + lineNumbers.get(first + r) + ":" + (d + 1)
                            + ": class label " + v + " is too large (integer labels must be class indices 0..100000)");
                }
                y[r] = (int) v;
                max = Math.max(max, y[r]);
            }
            numClasses = max + 1;
            labelNote = "labels: integer class indices";
        } else {
            TreeSet<String> distinct = new TreeSet<>(List.of(labelCells));
            Map<String, Integer> index = new TreeMap<>();
            for (String s : distinct) index.put(s, index.size());
            for (int r = 0; r < n; r++) y[r] = index.get(labelCells[r]);
            numClasses = index.size();
            labelNote = "labels: " + String.join(",", distinct) + " -> 0.." + (numClasses - 1) + " (sorted)";
        }

        LabeledDataset all = new LabeledDataset(baseName, x, y, d, numClasses, null, PREPROCESSING);
        DatasetSplit split = SeededShuffle.split8020(all, seed, baseName);
        return scaleByTrainMaxAbs(split, labelNote);
    }

    private static DatasetSplit scaleByTrainMaxAbs(DatasetSplit split, String labelNote) {
        LabeledDataset train = split.train();
        int d = train.numFeatures();
        float[] max = new float[d];
        float[] tx = train.features();
        for (int i = 0; i < tx.length; i++) max[i % d] = Math.max(max[i % d], Math.abs(tx[i]));
        float[] divisor = new float[d];
        StringBuilder sb = new StringBuilder(PREPROCESSING).append("; max|x|=[");
        for (int c = 0; c < d; c++) {
            divisor[c] = max[c] > 0 ? max[c] : 1f;
            if (c > 0) sb.append(',');
            sb.append(compact(max[c]));
        }
        sb.append("] (0 = unscaled); ").append(labelNote);
        String preprocessing = sb.toString();
        return new DatasetSplit(scaled(train, divisor, preprocessing), scaled(split.test(), divisor, preprocessing));
    }

    private static LabeledDataset scaled(LabeledDataset ds, float[] divisor, String preprocessing) {
        int d = divisor.length;
        float[] src = ds.features();
        float[] x = new float[src.length];
        for (int i = 0; i < src.length; i++) x[i] = src[i] / divisor[i % d];
        return new LabeledDataset(ds.name(), x, ds.labels(), d, ds.numClasses(), ds.imageShape(), preprocessing);
    }

    private static String compact(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    private static boolean isHeader(List<String[]> rows) {
        String[] firstRow = rows.getFirst();
        for (int c = 0; c < firstRow.length - 1; c++) {
            if (!isNumber(firstRow[c])) return true;
        }
        if (rows.size() > 1) {
            String[] second = rows.get(1);
            return !isInteger(firstRow[firstRow.length - 1]) && second.length > 0 && isInteger(second[second.length - 1]);
        }
        return false;
    }

    private static boolean allIntegers(String[] cells) {
        for (String s : cells) if (!isInteger(s)) return false;
        return true;
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 18) return false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return false;
        }
        return true;
    }

    private static boolean isNumber(String s) {
        try {
            Float.parseFloat(s);
            return !s.isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1) : s;
    }
}
