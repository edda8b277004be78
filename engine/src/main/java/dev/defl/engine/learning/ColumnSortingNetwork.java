package dev.defl.engine.learning;

import java.util.Arrays;

/**
 * Sorts many columns of {@code n} floats at once with Batcher's odd–even merge sorting network (K. E. Batcher 1968,
 * "Sorting networks and their applications", AFIPS SJCC): {@code rows[k][j]} is value {@code k} of column {@code j}.
 * Every compare-exchange runs over all columns in one plain loop of {@link Math#min(float, float)} and
 * {@link Math#max(float, float)}, which the JIT turns into SIMD instructions; a sort per column would branch on every
 * comparison instead.
 *
 * <p>Same result as {@link Arrays#sort(float[])} on each column, bit for bit, for values without NaN: both give the
 * one ascending order in which {@code -0.0 < 0.0} ({@code Math.min} and {@code Math.max} order zeros that way), and
 * equal values are the same bits. A NaN in a column spreads to every output of that column (both outputs of a
 * compare-exchange with a NaN input are NaN, and every input of a sorting network reaches every output), so a column
 * whose first and last values are finite held finite values only.
 *
 * <p>The network for {@code n} is the one for the next power of two with the compare-exchanges that touch an index
 * {@code >= n} left out (as if those inputs were {@code +∞}, which never move).
 */
final class ColumnSortingNetwork {
    /** Pairs {@code (lo, hi)}, {@code lo < hi}, in the order they run. */
    private final int[] lo;
    private final int[] hi;
    private final int n;

    ColumnSortingNetwork(int n) {
        if (n < 1) throw new IllegalArgumentException("a sorting network needs n >= 1, got " + n);
        this.n = n;
        int p = 1;
        while (p < n) p <<= 1;
        int[] a = new int[16];
        int[] b = new int[16];
        int count = 0;
        // Batcher's odd-even merge sort, iterative form (Knuth, TAOCP vol. 3, 5.3.4, exercise 32 style)
        for (int size = 1; size < p; size <<= 1) {
            for (int stride = size; stride > 0; stride >>= 1) {
                for (int j = stride % size; j + stride < p; j += 2 * stride) {
                    for (int i = 0; i < stride; i++) {
                        int x = i + j;
                        int y = i + j + stride;
                        if (x / (2 * size) != y / (2 * size)) continue;
                        if (y >= n) continue;
                        if (count == a.length) {
                            a = Arrays.copyOf(a, 2 * count);
                            b = Arrays.copyOf(b, 2 * count);
                        }
                        a[count] = x;
                        b[count++] = y;
                    }
                }
            }
        }
        this.lo = Arrays.copyOf(a, count);
        this.hi = Arrays.copyOf(b, count);
    }

    /** Number of values per column. */
    int n() {
        return n;
    }

    /**
     * Sorts columns {@code [0, width)} of {@code rows} ascending: afterwards {@code rows[0][j] <= … <= rows[n−1][j]}.
     *
     * @param rows {@code n} arrays of at least {@code width} floats each
     */
    void sort(float[][] rows, int width) {
        for (int c = 0; c < lo.length; c++) {
            float[] x = rows[lo[c]];
            float[] y = rows[hi[c]];
            for (int j = 0; j < width; j++) {
                float u = x[j];
                float v = y[j];
                x[j] = Math.min(u, v);
                y[j] = Math.max(u, v);
            }
        }
    }
}
