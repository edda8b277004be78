package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FedAvgMTest {
    @Test
    void momentumCarriesThePreviousRoundsPseudoGradient() {
        FedAvgM s = new FedAvgM(1.0, 0.5);
        // round 1: global 0; sample-weighted mean of (2,0,4,-4)·1 and (2,4,0,0)·3 = (8,12,4,-4)/4 = (2,3,1,-1)
        // Δ = (2,3,1,-1), v = Δ, w = 0 + 1·v = (2,3,1,-1)
        ModelWeights w1 = s.aggregate(model(0, 0, 0, 0), List.of(
                new WeightedUpdate(model(2, 0, 4, -4), 1), new WeightedUpdate(model(2, 4, 0, 0), 3)));
        assertThat(values(w1)).containsExactly(2f, 3f, 1f, -1f);
        // round 2: mean (3,3,0,-1), Δ = (1,0,-1,0); v = 0.5·(2,3,1,-1) + Δ = (2,1.5,-0.5,-0.5); w = w1 + v
        ModelWeights w2 = s.aggregate(w1, List.of(new WeightedUpdate(model(3, 3, 0, -1), 5)));
        assertThat(values(w2)).containsExactly(4f, 4.5f, 0.5f, -1.5f);
    }

    @Test
    void serverLearningRateScalesTheStep() {
        // Δ = (2,3,1,-1) as above, η = 2: w = 0 + 2·Δ
        ModelWeights w = new FedAvgM(2.0, 0.9).aggregate(model(0, 0, 0, 0), List.of(
                new WeightedUpdate(model(2, 0, 4, -4), 1), new WeightedUpdate(model(2, 4, 0, 0), 3)));
        assertThat(values(w)).containsExactly(4f, 6f, 2f, -2f);
    }

    @Test
    void zeroMomentumAndUnitRateIsFedAvg() {
        // global 1; mean of (3,1,1,1)·1 and (1,1,1,5)·1 = (2,1,1,3): 1 + (2 − 1) etc. is exact
        List<WeightedUpdate> u = List.of(new WeightedUpdate(model(3, 1, 1, 1), 1), new WeightedUpdate(model(1, 1, 1, 5), 1));
        assertThat(new FedAvgM(1.0, 0).aggregate(model(1, 1, 1, 1), u)).isEqualTo(FedAvg.aggregate(u));
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new FedAvgM(0, 0.9)).hasMessageContaining("η must be > 0 and finite, got 0.0");
        assertThatThrownBy(() -> new FedAvgM(1, 1.0)).hasMessageContaining("β must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new FedAvgM(1, -0.5)).hasMessageContaining("got -0.5");
    }
}
