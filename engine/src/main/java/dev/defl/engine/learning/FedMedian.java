package dev.defl.engine.learning;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards
 * Optimal Statistical Rates", ICML, Option I "median"): every scalar of the new model is the median of that scalar
 * over the updates. For an even number of updates it is the mean of the two middle values, computed in
 * {@code double} and rounded once. Sample counts are ignored (a Byzantine client can lie about them). Stateless and
 * bit-reproducible: each coordinate's values are put in the one ascending order that
 * {@link java.util.Arrays#sort(float[])} gives ({@code -0.0 < 0.0}), here by a {@link ColumnSortingNetwork} over blocks of
 * coordinates, and coordinates are computed independently, in parallel over {@link CoordinateRanges}.
 */
public final class FedMedian implements AggregationStrategy {
    /** Coordinates sorted together by the network: 100 updates × 256 floats is 100 KiB, within an L2 cache. */
    private static final int BLOCK = 256;

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
        int[] sizes = RoundInputs.sizes(global);
        float[][] med = new float[sizes.length][];
        for (int t = 0; t < sizes.length; t++) med[t] = new float[sizes[t]];
        ColumnSortingNetwork network = new ColumnSortingNetwork(n);
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(sizes, (t, from, to) -> {
            float[][] wt = w[t];
            float[] out = med[t];
            float[][] rows = new float[n][Math.min(BLOCK, to - from)];
            boolean bad = false;
            for (int i0 = from; i0 < to; i0 += BLOCK) {
                int width = Math.min(BLOCK, to - i0);
                for (int k = 0; k < n; k++) System.arraycopy(wt[k], i0, rows[k], 0, width);
                network.sort(rows, width); // each column now as Arrays.sort would leave it
                for (int j = 0; j < width; j++) bad |= !Float.isFinite(rows[0][j]) || !Float.isFinite(rows[n - 1][j]);
                for (int j = 0; j < width; j++) {
                    out[i0 + j] = n % 2 == 1 ? rows[n / 2][j] : (float) (((double) rows[n / 2 - 1][j] + rows[n / 2][j]) / 2.0);
                }
            }
            if (bad) nonFinite.set(true);
        });
        if (nonFinite.get()) {
            RoundInputs.check(name(), global, updates);
            throw new IllegalStateException(name() + " found a non-finite value that validation did not name");
        }
        return RoundInputs.weightsLike(global, med);
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
