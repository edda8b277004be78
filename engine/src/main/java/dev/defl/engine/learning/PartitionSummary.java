package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Objects;

/**
 * Rows per class per client of one partition: the data behind a stacked bar chart of class counts per client.
 *
 * @param classCounts rows of each class on each client, shape {@code [clients][numClasses]}; treated as immutable
 */
public record PartitionSummary(int[][] classCounts) {

    public PartitionSummary {
        Objects.requireNonNull(classCounts, "classCounts");
        if (classCounts.length == 0) throw new IllegalArgumentException("a partition summary needs at least one client");
        int classes = classCounts[0].length;
        for (int[] row : classCounts) {
            if (row.length != classes) throw new IllegalArgumentException("ragged class-count matrix: " + row.length + " != " + classes);
        }
    }

    /**
     * Counts the labels of each client's rows.
     *
     * @param partition  row indices per client, shape {@code [clients][*]}, as returned by {@link Partitioner}
     * @param labels     label of each row, values in {@code [0, numClasses)}
     * @param numClasses number of classes
     * @throws IndexOutOfBoundsException if a row index or label is out of range
     */
    public static PartitionSummary of(int[][] partition, int[] labels, int numClasses) {
        int[][] counts = new int[partition.length][numClasses];
        for (int c = 0; c < partition.length; c++) {
            for (int row : partition[c]) counts[c][labels[Objects.checkIndex(row, labels.length)]]++;
        }
        return new PartitionSummary(counts);
    }

    /** Number of clients. */
    public int clients() {
        return classCounts.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return classCounts[0].length;
    }

    /** Rows per client, shape {@code [clients]}. */
    public int[] sizes() {
        return Arrays.stream(classCounts).mapToInt(row -> Arrays.stream(row).sum()).toArray();
    }

    /** Number of distinct labels client {@code client} holds. */
    public int labelsPresent(int client) {
        return (int) Arrays.stream(classCounts[client]).filter(n -> n > 0).count();
    }

    /** Shannon entropy of client {@code client}'s label distribution, in bits: 0 for one label, {@code log2 K} for uniform. */
    public double labelEntropy(int client) {
        int[] row = classCounts[client];
        double total = Arrays.stream(row).sum();
        double h = 0;
        for (int n : row) {
            if (n > 0) {
                double p = n / total;
                h -= p * StrictMath.log(p) / StrictMath.log(2);
            }
        }
        return h;
    }

    /** Mean over clients of {@link #labelEntropy(int)}, in bits. */
    public double meanLabelEntropy() {
        double sum = 0;
        for (int c = 0; c < clients(); c++) sum += labelEntropy(c);
        return sum / clients();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionSummary other && Arrays.deepEquals(classCounts, other.classCounts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(classCounts);
    }

    @Override
    public String toString() {
        return "PartitionSummary" + Arrays.deepToString(classCounts);
    }
}
