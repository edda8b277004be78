package dev.defl.engine.learning;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop the order-statistic strategies share ({@link FedMedian}, {@link TrimmedMean}): over
 * {@link CoordinateRanges}, it takes blocks of coordinates ({@link Sorter#block()}) of the n updates, sorts each coordinate's n
 * values (into the order {@link java.util.Arrays#sort(float[])} gives) and hands each sorted block to a
 * {@link Reducer} that writes that block's outputs. Coordinates are independent, so the result is the same bits for
 * every range size and thread count, and for both {@link Sorter}s.
 */
final class SortedColumns {
    /** Coordinates sorted together: 100 updates × 256 floats is 100 KiB, within an L2 cache. */
    static final int BLOCK = 256;

    /** System property that, set to {@code false}, keeps the portable network even where the Vector API is present. */
    static final String VECTOR_PROPERTY = "defl.aggregation.vector";

    /** Writes the outputs of one sorted block. */
    interface Reducer {
        /**
         * @param sorted {@code sorted[k][j]}: the k-th smallest of the n values of coordinate {@code offset + j}; only
         *               the rows the {@link Sorter} was made for ({@code rowsFrom .. rowsTo}) are sure to be filled
         * @param width  columns in this block, 1 .. {@link Sorter#block()}
         * @param out    the tensor's output array; write {@code out[offset .. offset + width)}
         * @param offset the block's first coordinate in the tensor
         */
        void reduce(float[][] sorted, int width, float[] out, int offset);
    }

    /**
     * Sorts blocks of columns. Stateless apart from the plan: one instance serves all threads, each with its own
     * {@link Scratch}.
     */
    interface Sorter {
        /** Columns sorted at once, at most. */
        int block();

        /** Scratch for one thread. */
        Scratch scratch();

        /**
         * Sorts columns {@code j < width} of {@code src[k][srcFrom + j]} ({@code k < n}) and leaves the sorted rows the
         * sorter was made for in {@code scratch.rows()}.
         *
         * @return false when some value was NaN or infinite (the rows are then undefined)
         */
        boolean sort(float[][] src, int srcFrom, int width, Scratch scratch);
    }

    /**
     * One thread's scratch.
     *
     * @param rows n rows of {@link Sorter#block()} floats: the sorted block
     * @param keys for {@link VectorColumnSorter}, n·{@link Sorter#block()} int keys; otherwise null
     */
    record Scratch(float[][] rows, int[] keys) {
    }

    private SortedColumns() {
    }

    /**
     * The fastest sorter this JVM has: {@link VectorColumnSorter} when the module {@code jdk.incubator.vector} is in
     * the boot layer (the JVM ran with {@code --add-modules jdk.incubator.vector}) and {@value #VECTOR_PROPERTY} is
     * not {@code false}, else {@link ColumnSortingNetwork}. Both give the same bits.
     *
     * @param n        values per column, ≥ 1
     * @param rowsFrom first sorted row the reducer reads
     * @param rowsTo   one past the last, {@code rowsFrom < rowsTo <= n}
     */
    static Sorter sorter(int n, int rowsFrom, int rowsTo) {
        return vectorAvailable() ? new VectorColumnSorter(n, rowsFrom, rowsTo) : portable(n);
    }

    /** Whether {@link #sorter} picks the Vector API in this JVM. */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY));
    }

    /** {@link ColumnSortingNetwork}, which needs nothing beyond the JDK's base module; it fills every row. */
    static Sorter portable(int n) {
        ColumnSortingNetwork network = new ColumnSortingNetwork(n);
        return new Sorter() {
            @Override
            public int block() {
                return BLOCK;
            }

            @Override
            public Scratch scratch() {
                return new Scratch(new float[n][BLOCK], null);
            }

            @Override
            public boolean sort(float[][] src, int srcFrom, int width, Scratch scratch) {
                float[][] rows = scratch.rows();
                for (int k = 0; k < n; k++) System.arraycopy(src[k], srcFrom, rows[k], 0, width);
                network.sort(rows, width); // each column now as Arrays.sort would leave it
                boolean bad = false;
                for (int j = 0; j < width; j++) bad |= !Float.isFinite(rows[0][j]) || !Float.isFinite(rows[n - 1][j]);
                return !bad;
            }
        };
    }

    /**
     * @param w     {@code w[t][k]}: tensor t of update k, every update with the tensor sizes {@code sizes}
     * @return one output array per tensor, or {@code null} when some coordinate held a NaN or an infinity (the caller
     *     then names the update through its validation)
     */
    static float[][] reduce(CoordinateRanges ranges, float[][][] w, int[] sizes, Sorter sorter, Reducer reducer) {
        float[][] outputs = new float[sizes.length][];
        for (int t = 0; t < sizes.length; t++) outputs[t] = new float[sizes[t]];
        AtomicBoolean nonFinite = new AtomicBoolean();
        ConcurrentLinkedQueue<Scratch> pool = new ConcurrentLinkedQueue<>(); // one scratch per thread, reused
        ranges.forEach(sizes, (t, from, to) -> {
            Scratch scratch = pool.poll();
            if (scratch == null) scratch = sorter.scratch();
            if (!reduceRange(sorter, w[t], from, outputs[t], from, to, scratch, reducer)) nonFinite.set(true);
            pool.offer(scratch);
        });
        return nonFinite.get() ? null : outputs;
    }

    /**
     * The work of one range: outputs {@code [from, to)} of {@code out} from the n updates' values, coordinate
     * {@code i} of update k being {@code wt[k][srcFrom + (i − from)]} (so a caller may pass whole tensors,
     * {@code srcFrom = from}, or just this range's values, {@code srcFrom = 0}).
     *
     * @param scratch this thread's {@link Sorter#scratch()}
     * @return false when some coordinate held a NaN or an infinity
     */
    static boolean reduceRange(Sorter sorter, float[][] wt, int srcFrom, float[] out, int from, int to,
                               Scratch scratch, Reducer reducer) {
        boolean bad = false;
        int block = sorter.block();
        for (int i0 = from; i0 < to; i0 += block) {
            int width = Math.min(block, to - i0);
            if (!sorter.sort(wt, srcFrom + (i0 - from), width, scratch)) {
                bad = true;
                continue;
            }
            reducer.reduce(scratch.rows(), width, out, i0);
        }
        return !bad;
    }
}
