package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.updates;
import static dev.defl.engine.learning.StrategyVectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrimmedMeanStrategyTest {
    private final ModelWeights global = model(0, 0, 0, 0);

    @Test
    void trimsFloorBetaTimesNAtEachEndAndAveragesTheRest() {
        // n = 5, β = 0.2 -> b = ⌊1.0⌋ = 1 dropped per side, mean of the middle 3 of each sorted column:
        // {-100,1,2,3,10} -> (1+2+3)/3 = 2; {1,2,5,9,100} -> (2+5+9)/3 = 16/3;
        // {-2,0,0,1,4} -> (0+0+1)/3 = 1/3;  {-1,0,0.5,3,7} -> (0+0.5+3)/3 = 3.5/3
        ModelWeights tm = new TrimmedMean(0.2).aggregate(global, updates(
                model(1, 5, -2, 0), model(3, 1, 4, 0.5f), model(2, 9, 0, -1), model(10, 2, 1, 7), model(-100, 100, 0, 3)));
        assertThat(values(tm)).containsExactly(2f, (float) (16.0 / 3), (float) (1.0 / 3), (float) (3.5 / 3));
    }

    @Test
    void betaZeroIsThePlainUnweightedMean() {
        // (1+3+2)/3 = 2, (5+1+9)/3 = 5, (-2+4+0)/3 = 2/3, (0+0.5-1)/3 = -1/6; sample counts 1, 7, 100 ignored
        var u = updates(model(1, 5, -2, 0), model(3, 1, 4, 0.5f), model(2, 9, 0, -1));
        u.set(1, new WeightedUpdate(u.get(1).weights(), 7));
        u.set(2, new WeightedUpdate(u.get(2).weights(), 100));
        assertThat(values(new TrimmedMean(0).aggregate(global, u)))
                .containsExactly(2f, 5f, (float) (2.0 / 3), (float) (-0.5 / 3));
    }

    @Test
    void tooFewUpdatesToTrimTrimNothing() {
        // n = 3, β = 0.25 -> ⌊0.75⌋ = 0: the mean of all three
        assertThat(new TrimmedMean(0.25).trimmedPerSide(3)).isZero();
        assertThat(new TrimmedMean(0.25).trimmedPerSide(4)).isEqualTo(1);
    }

    @Test
    void betaOutsideZeroToHalfIsRefused() {
        assertThatThrownBy(() -> new TrimmedMean(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("β must be in [0, 0.5), got 0.5");
        assertThatThrownBy(() -> new TrimmedMean(-0.1)).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> new TrimmedMean(Double.NaN)).hasMessageContaining("got NaN");
    }
}
