package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vector API sorter against {@link Arrays#sort(float[])}: runs in the test JVM, which has the module (pom argLine). */
class VectorColumnSorterTest {
    private static final float[] POOL = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};

    @Test
    void theTestJvmHasTheVectorApi() {
        assertThat(SortedColumns.vectorAvailable()).as("surefire runs with --add-modules=jdk.incubator.vector").isTrue();
    }

    @Test
    void givesTheBitsOfArraysSortForEveryRowRangeIncludingSignedZeros() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 48, 64, 99, 100, 101, 130, 256, 300, 1000}) {
            int[][] ranges = {{0, n}, {(n - 1) / 2, n / 2 + 1}, {n / 10, n - n / 10}, {n - 1, n}, {0, 1}};
            for (int width : new int[] {1, 7, 16, 120, VectorColumnSorter.STRIDE}) {
                float[][] src = new float[n][width + 9];
                for (float[] r : src) for (int j = 0; j < r.length; j++) r[j] = rnd.nextInt(3) == 0 ? POOL[rnd.nextInt(POOL.length)] : (float) rnd.nextGaussian();
                int srcFrom = width == VectorColumnSorter.STRIDE ? 0 : 9;
                float[][] expected = new float[width][n];
                for (int j = 0; j < width; j++) {
                    for (int k = 0; k < n; k++) expected[j][k] = src[k][srcFrom + j];
                    Arrays.sort(expected[j]);
                }
                for (int[] rows : ranges) {
                    if (rows[0] >= rows[1]) continue;
                    VectorColumnSorter sorter = new VectorColumnSorter(n, rows[0], rows[1]);
                    SortedColumns.Scratch scratch = sorter.scratch();
                    assertThat(sorter.sort(src, srcFrom, width, scratch)).isTrue();
                    for (int j = 0; j < width; j++) {
                        for (int k = rows[0]; k < rows[1]; k++) {
                            assertThat(Float.floatToRawIntBits(scratch.rows()[k][j]))
                                    .as("n=%d width=%d rows %d..%d column %d row %d", n, width, rows[0], rows[1], j, k)
                                    .isEqualTo(Float.floatToRawIntBits(expected[j][k]));
                        }
                    }
                }
            }
        }
    }

    /** Zero-one principle (Knuth, TAOCP vol. 3, 5.3.4): a network sorts all inputs iff it sorts every 0/1 input. */
    @Test
    void sortsEveryZeroOneInputUpToFourteenValues() {
        for (int n = 1; n <= 14; n++) {
            VectorColumnSorter sorter = new VectorColumnSorter(n, 0, n);
            int columns = 1 << n;
            for (int c0 = 0; c0 < columns; c0 += sorter.block()) {
                int width = Math.min(sorter.block(), columns - c0);
                float[][] src = new float[n][width];
                for (int j = 0; j < width; j++) for (int k = 0; k < n; k++) src[k][j] = ((c0 + j) >> k) & 1;
                SortedColumns.Scratch scratch = sorter.scratch();
                sorter.sort(src, 0, width, scratch);
                for (int j = 0; j < width; j++) {
                    for (int k = 1; k < n; k++) assertThat(scratch.rows()[k - 1][j]).as("n=%d column %d", n, c0 + j).isLessThanOrEqualTo(scratch.rows()[k][j]);
                }
            }
        }
    }

    @Test
    void reportsANanOrInfinityAnywhereEvenOutsideTheRowsRead() {
        float[] bad = {Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int n : new int[] {1, 3, 17, 100}) {
            for (int width : new int[] {3, 40, VectorColumnSorter.STRIDE}) {
                for (float v : bad) {
                    for (int at = 0; at < n; at += Math.max(1, n / 7)) {
                        float[][] src = new float[n][width];
                        for (int k = 0; k < n; k++) Arrays.fill(src[k], k);
                        src[at][width - 1] = v;
                        for (int[] rows : new int[][] {{(n - 1) / 2, n / 2 + 1}, {0, 1}, {n - 1, n}}) {
                            VectorColumnSorter sorter = new VectorColumnSorter(n, rows[0], rows[1]);
                            assertThat(sorter.sort(src, 0, width, sorter.scratch())).as("n=%d width=%d at=%d %s", n, width, at, v).isFalse();
                        }
                        assertThat(SortedColumns.portable(n).sort(src, 0, width, SortedColumns.portable(n).scratch())).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void medianAndTrimmedMeanGiveTheSameBitsWithEitherSorter() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int n : new int[] {4, 20, 100, 101}) {
            float[][] src = new float[n][1000];
            for (float[] r : src) for (int j = 0; j < r.length; j++) r[j] = rnd.nextInt(5) == 0 ? POOL[rnd.nextInt(POOL.length)] : (float) rnd.nextGaussian();
            TrimmedMean tm = new TrimmedMean(0.1);
            float[] a = new float[1000];
            float[] b = new float[1000];
            float[] c = new float[1000];
            float[] d = new float[1000];
            SortedColumns.Sorter vm = FedMedian.sorter(n);
            assertThat(vm).isInstanceOf(VectorColumnSorter.class);
            assertThat(SortedColumns.reduceRange(vm, src, 0, a, 0, 1000, vm.scratch(), FedMedian.reducer(n))).isTrue();
            SortedColumns.Sorter pm = SortedColumns.portable(n);
            assertThat(SortedColumns.reduceRange(pm, src, 0, b, 0, 1000, pm.scratch(), FedMedian.reducer(n))).isTrue();
            SortedColumns.Sorter vt = tm.sorter(n);
            assertThat(SortedColumns.reduceRange(vt, src, 0, c, 0, 1000, vt.scratch(), tm.reducer(n))).isTrue();
            assertThat(SortedColumns.reduceRange(pm, src, 0, d, 0, 1000, pm.scratch(), tm.reducer(n))).isTrue();
            for (int j = 0; j < 1000; j++) {
                assertThat(Float.floatToRawIntBits(a[j])).as("median n=%d %d", n, j).isEqualTo(Float.floatToRawIntBits(b[j]));
                assertThat(Float.floatToRawIntBits(c[j])).as("trimmed n=%d %d", n, j).isEqualTo(Float.floatToRawIntBits(d[j]));
            }
        }
    }
}
