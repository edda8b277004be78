package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IidPartitionerTest {
    @Test
    void partitionIsDisjointCoveringAndBalanced() {
        int[][] parts = IidPartitioner.partition(1003, 10, 5);
        assertThat(parts).hasNumberOfRows(10);
        BitSet seen = new BitSet();
        int total = 0;
        for (int[] p : parts) {
            assertThat(p.length).isBetween(100, 101);
            for (int i : p) {
                assertThat(seen.get(i)).as("index %d appears twice", i).isFalse();
                seen.set(i);
            }
            total += p.length;
        }
        assertThat(total).isEqualTo(1003);
        assertThat(seen.cardinality()).isEqualTo(1003);
    }

    @Test
    void sameSeedSamePartitionOtherSeedOther() {
        assertThat(IidPartitioner.partition(500, 7, 11)).isDeepEqualTo(IidPartitioner.partition(500, 7, 11));
        assertThat(Arrays.deepEquals(IidPartitioner.partition(500, 7, 11), IidPartitioner.partition(500, 7, 12))).isFalse();
    }

    @Test
    void shuffleIsFisherYatesOnJavaUtilRandom() {
        int[] expected = {0, 1, 2, 3, 4, 5};
        java.util.Random r = new java.util.Random(3);
        for (int i = expected.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        int[][] parts = IidPartitioner.partition(6, 1, 3);
        assertThat(parts[0]).containsExactly(expected);
    }

    @Test
    void rejectsMoreClientsThanRowsAndNonPositiveClients() {
        assertThatThrownBy(() -> IidPartitioner.partition(3, 4, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 clients");
        assertThatThrownBy(() -> IidPartitioner.partition(3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
