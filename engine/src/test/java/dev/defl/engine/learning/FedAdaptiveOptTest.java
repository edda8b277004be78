package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.updates;
import static dev.defl.engine.learning.StrategyVectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reddi et al. 2021 Algorithm 2 on hand-computed steps; global 0 and one update, so Δ = the update. */
class FedAdaptiveOptTest {
    private final ModelWeights zero = model(0, 0, 0, 0);

    @Test
    void fedAdamTwoRounds() {
        FedAdam s = new FedAdam(1.0, 0.5, 0.5, 1.0); // v_{−1} = τ² = 1
        // round 1, Δ = (1,-1,0,7):
        //   m = 0.5·Δ = (0.5,-0.5,0,3.5); v = 0.5·1 + 0.5·Δ² = (1,1,0.5,25)
        //   x = m / (√v + 1) = (0.5/2, -0.5/2, 0, 3.5/6) = (0.25, -0.25, 0, 7/12)
        ModelWeights x1 = s.aggregate(zero, updates(model(1, -1, 0, 7)));
        float x13 = (float) (3.5 / 6);
        assertThat(values(x1)).containsExactly(0.25f, -0.25f, 0f, x13);
        // round 2, update x1 + (1,-1,0,0), Δ = (1,-1,0,0):
        //   m = 0.5·m + 0.5·Δ = (0.75,-0.75,0,1.75); v = 0.5·v + 0.5·Δ² = (1,1,0.25,12.5)
        //   x = x1 + m/(√v + 1) = (0.25 + 0.375, -0.25 − 0.375, 0 + 0, x13 + 1.75/(√12.5 + 1))
        ModelWeights x2 = s.aggregate(x1, updates(model(1.25f, -1.25f, 0, x13)));
        assertThat(values(x2)).containsExactly(0.625f, -0.625f, 0f, (float) (x13 + 1.75 / (Math.sqrt(12.5) + 1)));
    }

    @Test
    void fedYogiSecondMomentMovesBySignOfDifference() {
        FedYogi s = new FedYogi(3.0, 0.5, 0.25, 1.0); // v_{−1} = 1, 1 − β2 = 0.75
        // Δ = (2,-2,0,1): Δ² = (4,4,0,1), sign(1 − Δ²) = (-1,-1,+1,0)
        //   v = 1 + 0.75·Δ²·(1,1,-1,0) = (4,4,1,1); m = 0.5·Δ = (1,-1,0,0.5)
        //   x = 3·m / (√v + 1) = (3/3, -3/3, 0, 1.5/2) = (1,-1,0,0.75)
        assertThat(values(s.aggregate(zero, updates(model(2, -2, 0, 1))))).containsExactly(1f, -1f, 0f, 0.75f);
    }

    @Test
    void fedAdagradAccumulatesSquaredPseudoGradients() {
        FedAdagrad s = new FedAdagrad(1.0, 0.5, 0.75); // v_{−1} = 0.5625
        // Δ = (1,-1,0,1): v = 0.5625 + Δ² = (1.5625,1.5625,0.5625,1.5625), √v = (1.25,1.25,0.75,1.25)
        //   m = 0.5·Δ; x = m / (√v + 0.75) = (0.5/2, -0.5/2, 0, 0.5/2)
        assertThat(values(s.aggregate(zero, updates(model(1, -1, 0, 1))))).containsExactly(0.25f, -0.25f, 0f, 0.25f);
    }

    @Test
    void parametersOutOfRangeAreRefusedNamingTheStrategy() {
        assertThatThrownBy(() -> new FedAdam(1, 1.0, 0.99, 1e-3)).hasMessageContaining("fedadam β1 must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new FedYogi(1, 0.9, -0.1, 1e-3)).hasMessageContaining("fedyogi β2 must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> new FedAdagrad(1, 0.9, 0)).hasMessageContaining("fedadagrad adaptivity τ must be > 0");
        assertThatThrownBy(() -> new FedAdam(Double.NaN, 0.9, 0.99, 1e-3)).hasMessageContaining("η must be > 0 and finite, got NaN");
    }
}
