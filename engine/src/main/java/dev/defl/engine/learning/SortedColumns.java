package dev.defl.engine.learning;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop the order-statistic strategies share ({@link FedMedian}, {@link TrimmedMean}): over
 * {@link CoordinateRanges}, it copies blocks of {@value #BLOCK} coordinates of the n updates, sorts each coordinate's n
 * values with a {@link ColumnSortingNetwork} (into the order {@link java.util.Arrays#sort(float[])} gives) and hands
 * each sorted block to a {@link Reducer} that writes that block's outputs. Coordinates are independent, so the result
 * is the same bits for every range size and thread count.
 */
final class SortedColumns {
    /** Coordinates sorted together: 100 updates × 256 floats is 100 KiB, within an L2 cache. */
    static final int BLOCK = 256;

    /** Writes the outputs of one sorted block. */
    interface Reducer {
        /**
         * @param sorted {@code sorted[k][j]}: the k-th smallest of the n values of coordinate {@code offset + j}
         * @param width  columns in this block, 1 .. {@value #BLOCK}
         * @param out    the tensor's output array; write {@code out[offset .. offset + width)}
         * @param offset the block's first coordinate in the tensor
         */
        void reduce(float[][] sorted, int width, float[] out, int offset);
    }

    private SortedColumns() {
    }

    /**
     * @param w     {@code w[t][k]}: tensor t of update k, every update with the tensor sizes {@code sizes}
     * @param n     the number of updates, ≥ 1
     * @return one output array per tensor, or {@code null} when some coordinate held a NaN or an infinity (the caller
     *     then names the update through its validation)
     */
    static float[][] reduce(CoordinateRanges ranges, float[][][] w, int[] sizes, int n, Reducer reducer) {
        float[][] outputs = new float[sizes.length][];
        for (int t = 0; t < sizes.length; t++) outputs[t] = new float[sizes[t]];
        ColumnSortingNetwork network = new ColumnSortingNetwork(n);
        AtomicBoolean nonFinite = new AtomicBoolean();
        ranges.forEach(sizes, (t, from, to) -> {
            float[][] rows = new float[n][Math.min(BLOCK, to - from)];
            if (!reduceRange(network, w[t], from, outputs[t], from, to, rows, reducer)) nonFinite.set(true);
        });
        return nonFinite.get() ? null : outputs;
    }

    /**
     * The work of one range: outputs {@code [from, to)} of {@code out} from the n updates' values, coordinate
     * {@code i} of update k being {@code wt[k][srcFrom + (i − from)]} (so a caller may pass whole tensors,
     * {@code srcFrom = from}, or just this range's values, {@code srcFrom = 0}).
     *
     * @param rows scratch, {@code n} rows of at least {@code min(BLOCK, to − from)} floats
     * @return false when some coordinate held a NaN or an infinity
     */
    static boolean reduceRange(ColumnSortingNetwork network, float[][] wt, int srcFrom, float[] out, int from, int to,
                               float[][] rows, Reducer reducer) {
        int n = wt.length;
        boolean bad = false;
        for (int i0 = from; i0 < to; i0 += BLOCK) {
            int width = Math.min(BLOCK, to - i0);
            for (int k = 0; k < n; k++) System.arraycopy(wt[k], srcFrom + (i0 - from), rows[k], 0, width);
            network.sort(rows, width); // each column now as Arrays.sort would leave it
            for (int j = 0; j < width; j++) bad |= !Float.isFinite(rows[0][j]) || !Float.isFinite(rows[n - 1][j]);
            reducer.reduce(rows, width, out, i0);
        }
        return !bad;
    }
}
