package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards
 * Optimal Statistical Rates", ICML, Option I "median"): every scalar of the new model is the median of that scalar
 * over the updates. For an even number of updates it is the mean of the two middle values, computed in
 * {@code double} and rounded once. Sample counts are ignored (a Byzantine client can lie about them). Stateless and
 * bit-reproducible: {@link Arrays#sort(float[])} gives one total order ({@code -0.0 < 0.0}), and coordinates are
 * computed independently, in parallel over {@link CoordinateRanges}.
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
        int[] sizes = RoundInputs.sizes(global);
        float[][] med = new float[sizes.length][];
        for (int t = 0; t < sizes.length; t++) med[t] = new float[sizes[t]];
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(sizes, (t, from, to) -> {
            float[][] wt = w[t];
            float[] out = med[t];
            float[] column = new float[n];
            boolean bad = false;
            for (int i = from; i < to; i++) {
                for (int k = 0; k < n; k++) column[k] = wt[k][i];
                Arrays.sort(column);
                // sorted: -Inf first, +Inf and NaN last
                bad |= !Float.isFinite(column[0]) || !Float.isFinite(column[n - 1]);
                out[i] = n % 2 == 1 ? column[n / 2] : (float) (((double) column[n / 2 - 1] + column[n / 2]) / 2.0);
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
