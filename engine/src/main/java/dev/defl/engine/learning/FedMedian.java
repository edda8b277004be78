package dev.defl.engine.learning;

import java.util.List;
import java.util.Objects;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards
 * Optimal Statistical Rates", ICML, Option I "median"): every scalar of the new model is the median of that scalar
 * over the updates. For an even number of updates it is the mean of the two middle values, computed in
 * {@code double} and rounded once. Sample counts are ignored (a Byzantine client can lie about them). Stateless and
 * bit-reproducible: each coordinate's values are put in the one ascending order that
 * {@link java.util.Arrays#sort(float[])} gives ({@code -0.0 < 0.0}), here by a sorting network over blocks of coordinates
 * ({@link SortedColumns}; the Vector API where the JVM has it), and coordinates are computed independently, in parallel over {@link CoordinateRanges}.
 */
public final class FedMedian implements AggregationStrategy {
    private final CoordinateRanges ranges;

    /** Coordinate ranges in parallel on all cores ({@link CoordinateRanges#defaults()}). */
    public FedMedian() {
        this(CoordinateRanges.defaults());
    }

    /** With the given coordinate ranges and threads; the result is the same bits for every {@code ranges}. */
    public FedMedian(CoordinateRanges ranges) {
        this.ranges = Objects.requireNonNull(ranges, "ranges");
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        float[][][] w = global == null || updates == null || updates.isEmpty() ? null : RoundInputs.valuesIfConsistent(global, updates);
        if (w == null) {
            RoundInputs.check(name(), global, updates);
            throw new IllegalStateException(name() + " found an invalid update that validation did not name");
        }
        int n = updates.size();
        float[][] med = SortedColumns.reduce(ranges, w, RoundInputs.sizes(global), sorter(n), reducer(n));
        if (med == null) {
            RoundInputs.check(name(), global, updates);
            throw new IllegalStateException(name() + " found a non-finite value that validation did not name");
        }
        return RoundInputs.weightsLike(global, med);
    }

    /**
     * How {@link FedMedian} and {@link TrimmedMean} sort in this JVM, for benchmark reports: the Vector API (with its
     * lane count) when the JVM has {@code jdk.incubator.vector}, else the portable network. Same bits either way.
     */
    public static String orderStatisticSorter() {
        return SortedColumns.vectorAvailable()
                ? "Vector API, " + VectorColumnSorter.lanes() + " int lanes"
                : "portable sorting network (run with --add-modules=jdk.incubator.vector for the Vector API)";
    }

    /** A sorter for {@code n} values that fills the one or two middle rows {@link #reducer} reads. */
    static SortedColumns.Sorter sorter(int n) {
        return SortedColumns.sorter(n, (n - 1) / 2, n / 2 + 1);
    }

    /** The median of each sorted column of {@code n} values. */
    static SortedColumns.Reducer reducer(int n) {
        return (rows, width, out, i0) -> {
            for (int j = 0; j < width; j++) {
                out[i0 + j] = n % 2 == 1 ? rows[n / 2][j] : (float) (((double) rows[n / 2 - 1][j] + rows[n / 2][j]) / 2.0);
            }
        };
    }

    @Override
    public String name() {
        return "fedmedian";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name();
    }
}
