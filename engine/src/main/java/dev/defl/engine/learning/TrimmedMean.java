package dev.defl.engine.learning;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coordinate-wise β-trimmed mean (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning:
 * Towards Optimal Statistical Rates", ICML, Option II "trimmed mean"): for every scalar, the {@code n} update values
 * are sorted, the {@code b = ⌊β·n⌋} largest and {@code b} smallest are dropped, and the remaining {@code n − 2b} are
 * averaged (unweighted: sample counts are ignored). The sum runs in {@code double} in ascending order and is
 * rounded once. {@code β = 0} is the plain unweighted mean. Stateless and bit-reproducible: the values are sorted as
 * {@link java.util.Arrays#sort(float[])} would ({@code -0.0 < 0.0}), by a {@link ColumnSortingNetwork} over blocks of
 * coordinates, and coordinates are computed independently, in parallel over {@link CoordinateRanges}.
 */
public final class TrimmedMean implements AggregationStrategy {
    private final double beta;
    /** Coordinates sorted together by the network: 100 updates × 256 floats is 100 KiB, within an L2 cache. */
    private static final int BLOCK = 256;

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
        int b = trimmedPerSide(n);
        double kept = n - 2 * b;
        int[] sizes = RoundInputs.sizes(global);
        float[][] mean = new float[sizes.length][];
        for (int t = 0; t < sizes.length; t++) mean[t] = new float[sizes[t]];
        ColumnSortingNetwork network = new ColumnSortingNetwork(n);
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(sizes, (t, from, to) -> {
            float[][] wt = w[t];
            float[] out = mean[t];
            float[][] rows = new float[n][Math.min(BLOCK, to - from)];
            boolean bad = false;
            for (int i0 = from; i0 < to; i0 += BLOCK) {
                int width = Math.min(BLOCK, to - i0);
                for (int k = 0; k < n; k++) System.arraycopy(wt[k], i0, rows[k], 0, width);
                network.sort(rows, width); // each column now as Arrays.sort would leave it
                for (int j = 0; j < width; j++) bad |= !Float.isFinite(rows[0][j]) || !Float.isFinite(rows[n - 1][j]);
                double[] acc = new double[width];
                for (int k = b; k < n - b; k++) {
                    float[] row = rows[k];
                    for (int j = 0; j < width; j++) acc[j] += row[j];
                }
                for (int j = 0; j < width; j++) out[i0 + j] = (float) (acc[j] / kept);
            }
            if (bad) nonFinite.set(true);
        });
        if (nonFinite.get()) {
            RoundInputs.check(name(), global, updates);
            throw new IllegalStateException(name() + " found a non-finite value that validation did not name");
        }
        return RoundInputs.weightsLike(global, mean);
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
