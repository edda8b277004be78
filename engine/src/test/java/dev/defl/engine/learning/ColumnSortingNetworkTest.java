package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnSortingNetworkTest {
    /** Zero-one principle (Knuth, TAOCP vol. 3, 5.3.4): a network sorts all inputs iff it sorts every 0/1 input. */
    @Test
    void sortsEveryZeroOneInputUpToFourteenValues() {
        for (int n = 1; n <= 14; n++) {
            ColumnSortingNetwork net = new ColumnSortingNetwork(n);
            int columns = 1 << n;
            float[][] rows = new float[n][columns];
            for (int j = 0; j < columns; j++) for (int k = 0; k < n; k++) rows[k][j] = (j >> k) & 1;
            net.sort(rows, columns);
            for (int j = 0; j < columns; j++) {
                for (int k = 1; k < n; k++) assertThat(rows[k - 1][j]).as("n=%d column %d", n, j).isLessThanOrEqualTo(rows[k][j]);
            }
        }
    }

    @Test
    void givesTheBitsOfArraysSortIncludingSignedZerosAndInfinities() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] pool = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (int n : new int[] {1, 2, 3, 5, 17, 64, 99, 100, 101, 130}) {
            ColumnSortingNetwork net = new ColumnSortingNetwork(n);
            int columns = 300;
            float[][] rows = new float[n][columns + 5];
            for (float[] r : rows) for (int j = 0; j < r.length; j++) r[j] = rnd.nextInt(3) == 0 ? pool[rnd.nextInt(pool.length)] : (float) rnd.nextGaussian();
            float[][] expected = new float[columns][n];
            for (int j = 0; j < columns; j++) {
                for (int k = 0; k < n; k++) expected[j][k] = rows[k][j];
                Arrays.sort(expected[j]);
            }
            float[] untouched = new float[n];
            for (int k = 0; k < n; k++) untouched[k] = rows[k][columns];
            net.sort(rows, columns);
            for (int j = 0; j < columns; j++) {
                for (int k = 0; k < n; k++) {
                    assertThat(Float.floatToRawIntBits(rows[k][j])).as("n=%d column %d row %d", n, j, k)
                            .isEqualTo(Float.floatToRawIntBits(expected[j][k]));
                }
            }
            for (int k = 0; k < n; k++) assertThat(rows[k][columns]).isEqualTo(untouched[k]); // beyond width: not touched
        }
    }

    @Test
    void aNanReachesTheFirstAndLastRow() {
        for (int n : new int[] {2, 3, 7, 100}) {
            ColumnSortingNetwork net = new ColumnSortingNetwork(n);
            for (int at = 0; at < n; at++) {
                float[][] rows = new float[n][1];
                for (int k = 0; k < n; k++) rows[k][0] = k - n / 2f;
                rows[at][0] = Float.NaN;
                net.sort(rows, 1);
                assertThat(rows[0][0]).isNaN();
                assertThat(rows[n - 1][0]).isNaN();
            }
        }
    }
}
