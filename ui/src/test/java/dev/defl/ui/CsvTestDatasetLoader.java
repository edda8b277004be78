package dev.defl.ui;

import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * TEST DOUBLE for {@link DatasetLoader}: parses a header-less numeric CSV ({@code x1,…,xd,label})
 * trivially and splits it 80/20 in file order. {@code "digits"} reads the bundled sklearn sample
 * from the class path ({@code /dev/defl/samples/digits.csv.gz}) and marks it as 8×8 images;
 * {@code "fashion-mnist"} is not supported here, and the {@link DatasetOptions} are ignored. The lead replaces this with the engine's real
 * loader in the integration test (see {@link WorkbenchHarness}).
 */
public final class CsvTestDatasetLoader implements DatasetLoader {

    @Override
    public DatasetSplit load(String spec, DatasetOptions options) throws IOException {
        if (spec.equals("digits")) {
            try (InputStream in = CsvTestDatasetLoader.class.getResourceAsStream("/dev/defl/samples/digits.csv.gz")) {
                if (in == null) throw new IOException("bundled sample /dev/defl/samples/digits.csv.gz not on the class path");
                return parse("digits", new GZIPInputStream(in), new int[]{8, 8});
            }
        }
        if (spec.equals("fashion-mnist")) throw new IOException("fashion-mnist is not available in the test double loader");
        Path file = Path.of(spec);
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.getFileName().toString(), spec.endsWith(".gz") ? new GZIPInputStream(in) : in, null);
        }
    }

    private static DatasetSplit parse(String name, InputStream in, int[] imageShape) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int d = -1;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            String[] cells = line.split(",");
            if (d < 0) d = cells.length - 1;
            if (cells.length - 1 != d) throw new IOException(name + " line " + lineNo + ": expected " + (d + 1) + " cells, got " + cells.length);
            float[] x = new float[d];
            try {
                for (int j = 0; j < d; j++) x[j] = Float.parseFloat(cells[j].strip());
                labels.add((int) Float.parseFloat(cells[d].strip()));
            } catch (NumberFormatException e) {
                throw new IOException(name + " line " + lineNo + ": not a number: " + e.getMessage(), e);
            }
            rows.add(x);
        }
        if (rows.isEmpty()) throw new IOException(name + " has no rows");
        int classes = labels.stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        int trainRows = rows.size() * 4 / 5;
        return new DatasetSplit(part(name + "/train", rows, labels, 0, trainRows, d, classes, imageShape),
                part(name + "/test", rows, labels, trainRows, rows.size(), d, classes, imageShape));
    }

    private static LabeledDataset part(String name, List<float[]> rows, List<Integer> labels, int from, int to, int d,
                                       int classes, int[] imageShape) {
        float[] x = new float[(to - from) * d];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows.get(i), 0, x, (i - from) * d, d);
            y[i - from] = labels.get(i);
        }
        return new LabeledDataset(name, x, y, d, classes, imageShape == null ? null : Arrays.copyOf(imageShape, 2), "raw");
    }
}
