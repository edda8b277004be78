package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.updates;
import static dev.defl.engine.learning.StrategyVectors.values;
import static org.assertj.core.api.Assertions.assertThat;

class FedMedianTest {
    private final ModelWeights global = model(0, 0, 0, 0);

    @Test
    void oddCountTakesTheMiddleValuePerCoordinate() {
        // per coordinate: {1,3,2} -> 2; {5,1,9} -> 5; {-2,4,0} -> 0; {0,0.5,-1} -> 0
        ModelWeights med = new FedMedian().aggregate(global, updates(
                model(1, 5, -2, 0), model(3, 1, 4, 0.5f), model(2, 9, 0, -1)));
        assertThat(values(med)).containsExactly(2f, 5f, 0f, 0f);
        assertThat(med.tensor("0.weight").shape()).containsExactly(1, 4);
    }

    @Test
    void evenCountAveragesTheTwoMiddleValues() {
        // sorted columns: {1,2,3,10} -> 2.5; {1,2,5,9} -> 3.5; {-2,0,1,4} -> 0.5; {-1,0,0.5,7} -> 0.25
        ModelWeights med = new FedMedian().aggregate(global, updates(
                model(1, 5, -2, 0), model(3, 1, 4, 0.5f), model(2, 9, 0, -1), model(10, 2, 1, 7)));
        assertThat(values(med)).containsExactly(2.5f, 3.5f, 0.5f, 0.25f);
    }

    @Test
    void ignoresSampleCountsAndAnOutlier() {
        // a huge outlier with a huge claimed sample count moves the median by one rank only
        var u = updates(model(1, 1, 1, 1), model(2, 2, 2, 2), model(1e30f, -1e30f, 1e30f, -1e30f));
        u.set(2, new WeightedUpdate(u.get(2).weights(), 1_000_000));
        assertThat(values(new FedMedian().aggregate(global, u))).containsExactly(2f, 1f, 2f, 1f);
    }
}
