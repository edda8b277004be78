package dev.defl.app;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The results of {@code defl bench robustness}: one row per run (partition, seed, attack, defence), kept in a CSV file
 * that a run appends to as each cell finishes and that a later invocation resumes from, and the Markdown tables of
 * mean ± sample standard deviation over the seeds.
 *
 * <p>CSV columns: {@code partition, seed, attack, defence, accuracy, seconds, note}. {@code accuracy} is the final test
 * accuracy as a fraction (empty when the cell could not run: {@code note} says why, e.g. Bulyan's
 * {@code n >= 4f + 3}); {@code seconds} is the run's wall-clock time. The clean baseline of each partition and seed is
 * the row with attack {@value #CLEAN} and defence {@code fedavg}.
 */
final class RobustnessMatrix {
    /** The attack column of a clean run. */
    static final String CLEAN = "none";

    /** One run of the matrix. */
    record Row(String partition, long seed, String attack, String defence, Double accuracy, double seconds, String note) {
        /** The cell this row fills: partition, seed, attack and defence. */
        String key() {
            return partition + "|" + seed + "|" + attack + "|" + defence;
        }
    }

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CSV.schemaFor(Row.class).sortedBy("partition", "seed", "attack", "defence",
            "accuracy", "seconds", "note");

    private RobustnessMatrix() {
    }

    /**
     * The rows of an earlier run's CSV, or none when {@code file} does not exist.
     *
     * @throws IOException if it cannot be read, or is not such a CSV (the message names the file and the line)
     */
    static List<Row> read(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) return List.of();
        String header;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            header = lines.findFirst().orElse("").strip();
        }
        if (!header.equals(String.join(",", columns()))) {
            throw new IOException(file + " is not a robustness matrix CSV: its header is '" + header + "', expected '"
                    + String.join(",", columns()) + "'");
        }
        List<Row> rows = new ArrayList<>();
        try (MappingIterator<Row> it = CSV.readerFor(Row.class).with(SCHEMA.withHeader()).readValues(file.toFile())) {
            while (it.hasNextValue()) rows.add(it.nextValue());
        } catch (RuntimeException | IOException e) {
            throw new IOException(file + " is not a robustness matrix CSV (columns " + String.join(", ", columns())
                    + "): " + e.getMessage(), e);
        }
        return rows;
    }

    /** Appends {@code row} to {@code file}, writing the header first when the file is new or empty. */
    static void append(Path file, Row row) throws IOException {
        boolean header = !Files.exists(file) || Files.size(file) == 0;
        String text = CSV.writer(header ? SCHEMA.withHeader() : SCHEMA.withoutHeader()).writeValueAsString(row);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(text);
        }
    }

    private static List<String> columns() {
        List<String> names = new ArrayList<>();
        SCHEMA.forEach(c -> names.add(c.getName()));
        return names;
    }

    /** Mean and sample standard deviation (n − 1; 0 for one value) of the accuracies, in percent. */
    record Stat(double mean, double sd, int n) {
        static OptionalStat of(List<Row> rows) {
            double[] v = rows.stream().filter(r -> r.accuracy() != null).mapToDouble(r -> r.accuracy() * 100).toArray();
            if (v.length == 0) return new OptionalStat(null);
            double mean = 0;
            for (double x : v) mean += x;
            mean /= v.length;
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            return new OptionalStat(new Stat(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length));
        }

        String text() {
            return String.format(Locale.ROOT, "%.2f ± %.2f", mean, sd);
        }
    }

    /** A {@link Stat}, or none for a cell with no accuracy. */
    record OptionalStat(Stat stat) {
    }

    /** The rows of one cell over its seeds. */
    static List<Row> cell(List<Row> rows, String partition, String attack, String defence) {
        return rows.stream().filter(r -> r.partition().equals(partition) && r.attack().equals(attack)
                && r.defence().equals(defence)).toList();
    }

    /**
     * The Markdown report: for each partition a table of attacks (rows, the clean baseline first) by defences
     * (columns), each cell {@code mean ± sd} of the final test accuracy in percent over the seeds and its gap to the
     * clean FedAvg mean in points, or why it could not run; then, per attack, the best defence and whether it stays
     * within {@code near} points of clean, and the defence whose worst gap over all attacks is smallest.
     *
     * @param near the goal's margin in points (3 in issue 18)
     * @param all  the margin one defence should hold on every attack at once (5)
     */
    static String markdown(List<Row> rows, List<String> partitions, List<String> attacks, List<String> defences,
                           double near, double all) {
        StringBuilder md = new StringBuilder();
        for (String p : partitions) {
            OptionalStat clean = Stat.of(cell(rows, p, CLEAN, "fedavg"));
            md.append("### ").append(p).append("\n\n");
            if (clean.stat() == null) {
                md.append("(no clean run yet)\n\n");
                continue;
            }
            md.append("Clean FedAvg: ").append(clean.stat().text()).append(" % over ").append(clean.stat().n())
                    .append(" seed(s). Cells: final test accuracy in %, mean ± sd over the seeds (gap to clean FedAvg in points).\n\n");
            md.append("| attack |");
            defences.forEach(d -> md.append(' ').append(d).append(" |"));
            md.append("\n|---|");
            defences.forEach(d -> md.append("---|"));
            md.append('\n');
            Map<String, double[]> worst = new LinkedHashMap<>(); // defence → worst gap, attacks counted
            List<String> verdicts = new ArrayList<>();
            java.util.Set<String> notes = new java.util.LinkedHashSet<>();
            for (String a : attacks) {
                md.append("| ").append(a).append(" |");
                String best = null;
                double bestGap = Double.NEGATIVE_INFINITY;
                for (String d : defences) {
                    List<Row> c = cell(rows, p, a, d);
                    OptionalStat s = Stat.of(c);
                    if (s.stat() == null) {
                        c.stream().map(Row::note).filter(n -> n != null && !n.isBlank()).findFirst()
                                .ifPresent(note -> notes.add("- n/a, " + d + ": " + note));
                        md.append(' ').append(c.isEmpty() ? "—" : "n/a").append(" |");
                        if (!a.equals(CLEAN)) worst.computeIfAbsent(d, k -> new double[]{0, 0})[0] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double gap = s.stat().mean() - clean.stat().mean();
                    md.append(' ').append(s.stat().text()).append(String.format(Locale.ROOT, " (%+.2f)", gap)).append(" |");
                    if (!a.equals(CLEAN)) {
                        double[] w = worst.computeIfAbsent(d, k -> new double[]{Double.POSITIVE_INFINITY, 0});
                        w[0] = Math.min(w[0], gap);
                        w[1]++;
                    }
                    if (gap > bestGap) {
                        bestGap = gap;
                        best = d;
                    }
                }
                md.append('\n');
                if (best != null && !a.equals(CLEAN)) {
                    verdicts.add(String.format(Locale.ROOT, "- %s: best %s, %+.2f points — %s", a, best, bestGap,
                            bestGap >= -near ? "within " + fmt(near) + " points" : "**no defence within " + fmt(near) + " points**"));
                }
            }
            md.append('\n');
            notes.forEach(v -> md.append(v).append('\n'));
            verdicts.forEach(v -> md.append(v).append('\n'));
            String steadiest = null;
            double steadiestGap = Double.NEGATIVE_INFINITY;
            for (var e : worst.entrySet()) {
                if (e.getValue()[1] == attacks.size() - 1 && e.getValue()[0] > steadiestGap) {
                    steadiestGap = e.getValue()[0];
                    steadiest = e.getKey();
                }
            }
            if (steadiest != null) {
                md.append(String.format(Locale.ROOT, "- steadiest defence over all attacks: %s, worst gap %+.2f points — %s%n",
                        steadiest, steadiestGap, steadiestGap >= -all ? "within " + fmt(all) + " points on every attack"
                                : "**no defence within " + fmt(all) + " points on every attack**"));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The clean mean of a partition, for the console table. */
    static OptionalDouble cleanMean(List<Row> rows, String partition) {
        OptionalStat s = Stat.of(cell(rows, partition, CLEAN, "fedavg"));
        return s.stat() == null ? OptionalDouble.empty() : OptionalDouble.of(s.stat().mean());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
