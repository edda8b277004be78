package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.updates;
import static dev.defl.engine.learning.StrategyVectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KrumTest {
    private final ModelWeights global = model(0, 0, 0, 0);
    // u0 = 0, u1 = e1, u2 = 2·e2, u3 = (10,10,10,10) the outlier. Squared distances:
    // d01 = 1, d02 = 4, d12 = 1 + 4 = 5, d03 = 4·100 = 400, d13 = 81 + 300 = 381, d23 = 100 + 64 + 200 = 364.
    // n = 4, f = 1 -> n − f − 2 = 1 nearest: s0 = 1, s1 = 1, s2 = 4, s3 = 364.
    private final List<WeightedUpdate> fourWithOutlier = updates(
            model(0, 0, 0, 0), model(1, 0, 0, 0), model(0, 2, 0, 0), model(10, 10, 10, 10));

    @Test
    void scoresAreSumsOfSquaredDistancesToTheNearestNeighbours() {
        assertThat(Krum.krum(1).scores(fourWithOutlier)).containsExactly(1, 1, 4, 364);
        // f = 0 -> 2 nearest: s0 = 1 + 4 = 5, s1 = 1 + 5 = 6, s2 = 4 + 5 = 9, s3 = 364 + 381 = 745
        assertThat(Krum.krum(0).scores(fourWithOutlier)).containsExactly(5, 6, 9, 745);
    }

    @Test
    void krumPicksAnHonestUpdateWhenOneOfFourIsAnOutlier() {
        // s0 = s1 = 1: the tie goes to the earlier submission, u0
        assertThat(Krum.krum(1).select(fourWithOutlier)).containsExactly(0);
        assertThat(Krum.krum(1).aggregate(global, fourWithOutlier)).isEqualTo(fourWithOutlier.get(0).weights());
    }

    @Test
    void tiesAreBrokenBySubmissionOrder() {
        List<WeightedUpdate> swapped = List.of(fourWithOutlier.get(1), fourWithOutlier.get(0),
                fourWithOutlier.get(2), fourWithOutlier.get(3));
        assertThat(values(Krum.krum(1).aggregate(global, swapped))).containsExactly(1f, 0f, 0f, 0f);
    }

    @Test
    void multiKrumAveragesTheMBestUnweighted() {
        // m = 2: u0, u1 -> (0.5, 0, 0, 0); m = 3: u0, u1, u2 -> (1/3, 2/3, 0, 0); the outlier never enters
        assertThat(values(Krum.multiKrum(1, 2).aggregate(global, fourWithOutlier))).containsExactly(0.5f, 0f, 0f, 0f);
        assertThat(Krum.multiKrum(1, 3).select(fourWithOutlier)).containsExactly(0, 1, 2);
        assertThat(values(Krum.multiKrum(1, 3).aggregate(global, fourWithOutlier)))
                .containsExactly((float) (1.0 / 3), (float) (2.0 / 3), 0f, 0f);
        assertThat(Krum.multiKrum(1, 3).name()).isEqualTo("multi-krum");
        assertThat(Krum.krum(1).name()).isEqualTo("krum");
    }

    @Test
    void fTooLargeForNIsRefused() {
        // n = 4 allows f <= 1 (n − f − 2 >= 1)
        assertThatThrownBy(() -> Krum.krum(2).aggregate(global, fourWithOutlier))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("f=2 needs at least f + 3 = 5 updates").hasMessageContaining("got 4");
        assertThatThrownBy(() -> Krum.multiKrum(1, 5).aggregate(global, fourWithOutlier))
                .hasMessageContaining("m=5 exceeds the 4 updates");
        assertThatThrownBy(() -> Krum.krum(-1)).hasMessageContaining("must be >= 0, got -1");
        assertThatThrownBy(() -> Krum.multiKrum(0, 0)).hasMessageContaining("must be >= 1, got 0");
    }
}
