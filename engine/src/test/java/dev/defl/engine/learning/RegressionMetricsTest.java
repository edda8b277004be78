package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RegressionMetricsTest {
    @Test
    void matchesScikitLearnOnItsDocumentationExample() {
        // sklearn.metrics docs: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
        // mean_squared_error 0.375, mean_absolute_error 0.5, r2_score 0.9486081370449679
        RegressionMetrics m = RegressionMetrics.of(new float[] {2.5f, 0f, 2f, 8f}, new float[] {3f, -0.5f, 2f, 7f});
        assertThat(m.mse()).isCloseTo(0.375, within(1e-12));
        assertThat(m.mae()).isCloseTo(0.5, within(1e-12));
        assertThat(m.r2()).isCloseTo(0.9486081370449679, within(1e-12));
        assertThat(m.samples()).isEqualTo(4);
    }

    @Test
    void predictingTheMeanScoresZeroAndConstantTargetsFollowScikitLearn() {
        assertThat(RegressionMetrics.of(new float[] {2, 2, 2}, new float[] {1, 2, 3}).r2()).isZero();
        assertThat(RegressionMetrics.of(new float[] {5, 5}, new float[] {5, 5}).r2()).isEqualTo(1);
        assertThat(RegressionMetrics.of(new float[] {4, 5}, new float[] {5, 5}).r2()).isZero();
    }

    @Test
    void mismatchedOrEmptyInputIsRejected() {
        assertThatThrownBy(() -> RegressionMetrics.of(new float[2], new float[3])).hasMessage("2 predictions for 3 targets");
        assertThatThrownBy(() -> RegressionMetrics.of(new float[0], new float[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
