package dev.defl.ui.trainer;

import java.util.Locale;

/**
 * Equal-width histogram of a regression dataset's real-valued targets: {@code counts.length} bins spanning
 * {@code [min, max]}, bin {@code i} covering {@code [min + i·w, min + (i+1)·w)} with {@code w = (max − min) / bins}
 * (the last bin also holds {@code max}).
 *
 * @param min    smallest finite target, in the target's units
 * @param max    largest finite target, in the target's units
 * @param counts rows per bin, shape {@code [bins]}
 */
public record TargetHistogram(double min, double max, long[] counts) {

    /** Bins of the Trainer's preview. */
    public static final int DEFAULT_BINS = 20;

    public TargetHistogram {
        if (counts.length == 0) throw new IllegalArgumentException("a histogram needs at least one bin");
        if (!(min <= max)) throw new IllegalArgumentException("histogram range [" + min + ", " + max + "] is empty");
    }

    /**
     * The histogram of {@code targets} in {@code bins} equal-width bins; non-finite targets are skipped. When every
     * target is equal all rows fall in the first bin.
     *
     * @throws IllegalArgumentException if {@code bins < 1} or no target is finite
     */
    public static TargetHistogram of(float[] targets, int bins) {
        if (bins < 1) throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float t : targets) {
            if (!Float.isFinite(t)) continue;
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        if (min > max) throw new IllegalArgumentException("no finite target to make a histogram of");
        long[] counts = new long[bins];
        double width = (max - min) / bins;
        for (float t : targets) {
            if (!Float.isFinite(t)) continue;
            int i = width == 0 ? 0 : (int) Math.min(bins - 1, Math.floor((t - min) / width));
            counts[i]++;
        }
        return new TargetHistogram(min, max, counts);
    }

    /** Number of bins. */
    public int bins() {
        return counts.length;
    }

    /** Lower edge of bin {@code i}, in the target's units. */
    public double lowerEdge(int i) {
        return min + i * (max - min) / counts.length;
    }

    /** Centre of bin {@code i}, in the target's units. */
    public double center(int i) {
        return min + (i + 0.5) * (max - min) / counts.length;
    }

    /** A short label of bin {@code i}: its centre with 3 significant digits, e.g. {@code "21.4"}. */
    public String label(int i) {
        return String.format(Locale.ROOT, "%.3g", center(i));
    }

    /** Rows counted over all bins. */
    public long total() {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }
}
