package dev.defl.engine.learning;

import java.util.List;
import java.util.Objects;

/**
 * Coordinate-wise β-trimmed mean (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", ICML, Option II "trimmed mean"): for every scalar, the {@code n} update values
 * are sorted, the {@code b = ⌊β·n⌋} largest and {@code b} smallest are dropped, and the remaining {@code n − 2b} are
 * averaged (unweighted: sample counts are ignored). The sum runs in {@code double} in ascending order and is
 * rounded once. {@code β = 0} is the plain unweighted mean. Stateless and bit-reproducible: the values are sorted as
 * {@link java.util.Arrays#sort(float[])} would ({@code -0.0 < 0.0}), by a sorting network over blocks of
 * coordinates ({@link SortedColumns}; the Vector API where the JVM has it), and coordinates are computed independently, in parallel over {@link CoordinateRanges}.
 */
public final class TrimmedMean implements AggregationStrategy {
    private final double beta;

    private final CoordinateRanges ranges;

    /**
     * Coordinate ranges in parallel on all cores ({@link CoordinateRanges#defaults()}).
     *
     * @param beta fraction trimmed at each end, {@code 0 <= β < 0.5}
     * @throws IllegalArgumentException if {@code β} is outside {@code [0, 0.5)} or NaN
     */
    public TrimmedMean(double beta) {
        this(beta, CoordinateRanges.defaults());
    }

    /**
     * With the given coordinate ranges and threads; the result is the same bits for every {@code ranges}.
     *
     * @param beta fraction trimmed at each end, {@code 0 <= β < 0.5}
     * @throws IllegalArgumentException if {@code β} is outside {@code [0, 0.5)} or NaN
     */
    public TrimmedMean(double beta, CoordinateRanges ranges) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("trimmed-mean β must be in [0, 0.5), got " + beta);
        }
        this.beta = beta;
        this.ranges = Objects.requireNonNull(ranges, "ranges");
    }

    /** The fraction trimmed at each end. */
    public double beta() {
        return beta;
    }

    /** Values dropped at each end for {@code n} updates: {@code ⌊β·n⌋} (always {@code < n/2}). */
    public int trimmedPerSide(int n) {
        return (int) Math.floor(beta * n);
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        float[][][] w = global == null || updates == null || updates.isEmpty() ? null : RoundInputs.valuesIfConsistent(global, updates);
        if (w == null) {
            RoundInputs.check(name(), global, updates);
            throw new IllegalStateException(name() + " found an invalid update that validation did not name");
        }
        int n = updates.size();
        float[][] mean = SortedColumns.reduce(ranges, w, RoundInputs.sizes(global), sorter(n), reducer(n));
        if (mean == null) {
            RoundInputs.check(name(), global, updates);
            throw new IllegalStateException(name() + " found a non-finite value that validation did not name");
        }
        return RoundInputs.weightsLike(global, mean);
    }

    /** A sorter for {@code n} values that fills the kept rows {@link #reducer} reads. */
    SortedColumns.Sorter sorter(int n) {
        int b = trimmedPerSide(n);
        return SortedColumns.sorter(n, b, n - b);
    }

    /** The mean of the kept middle of each sorted column of {@code n} values. */
    SortedColumns.Reducer reducer(int n) {
        int b = trimmedPerSide(n);
        double kept = n - 2 * b;
        return (rows, width, out, i0) -> {
            double[] acc = new double[width];
            for (int k = b; k < n - b; k++) {
                float[] row = rows[k];
                for (int j = 0; j < width; j++) acc[j] += row[j];
            }
            for (int j = 0; j < width; j++) out[i0 + j] = (float) (acc[j] / kept);
        };
    }

    @Override
    public String name() {
        return "trimmed-mean";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(β=" + beta + ")";
    }
}
