package dev.defl.engine.learning.privacy;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

class AdaptiveClipNormTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void clipNormMovesTheRightWay() {
        AdaptiveClipNorm a = new AdaptiveClipNorm(0.5, 0.2, 0);
        // Every client within C: C was too large, it shrinks by exp(−0.2·0.5).
        assertThat(a.next(1.0, 10, 10, random)).isCloseTo(Math.exp(-0.1), offset(1e-15));
        // No client within C: C grows.
        assertThat(a.next(1.0, 0, 10, random)).isCloseTo(Math.exp(0.1), offset(1e-15));
        // Exactly the target: unchanged.
        assertThat(a.next(0.3, 5, 10, random)).isCloseTo(0.3, offset(1e-15));
    }

    @Test
    void convergesToTheTargetQuantileOfTheNorms() {
        // 100 clients with norms 0.01 … 1.00; the median is 0.5, the 0.8-quantile 0.8. No count noise here.
        double[] norms = new double[100];
        for (int i = 0; i < norms.length; i++) norms[i] = (i + 1) / 100.0;
        for (double target : new double[] {0.5, 0.8}) {
            AdaptiveClipNorm a = new AdaptiveClipNorm(target, 0.2, 0);
            double c = 0.05;
            for (int round = 0; round < 300; round++) {
                int within = 0;
                for (double n : norms) if (n <= c) within++;
                c = a.next(c, within, norms.length, random);
            }
            assertThat(c).as("C after 300 rounds, target %s", target).isCloseTo(target, withinPercentage(5));
        }
    }

    @Test
    void countNoiseHasStandardDeviationSigmaBOverM() {
        AdaptiveClipNorm a = AdaptiveClipNorm.recommended(100); // σ_b = 5
        assertThat(a.countNoise()).isEqualTo(5.0);
        int n = 20_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double b = a.noisedFraction(50, 100, random);
            sum += b;
            sq += b * b;
        }
        double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
        assertThat(sd).isCloseTo(0.05, withinPercentage(5));
        assertThat(mean).isCloseTo(0.5, offset(6 * 0.05 / Math.sqrt(n)));
    }

    @Test
    void updateNoiseMultiplierSplitsTheBudget() {
        // z = 1, σ_b = 5: z_Δ = (1 − 1/100)^{-1/2}.
        assertThat(AdaptiveClipNorm.updateNoiseMultiplier(1.0, 5.0)).isCloseTo(1 / Math.sqrt(0.99), offset(1e-12));
        assertThatThrownBy(() -> AdaptiveClipNorm.updateNoiseMultiplier(1.0, 0.5)).hasMessageContaining("need 2σ_b > z");
        assertThatThrownBy(() -> AdaptiveClipNorm.updateNoiseMultiplier(1.0, 0)).hasMessageContaining("count noise σ_b");
        assertThatThrownBy(() -> AdaptiveClipNorm.updateNoiseMultiplier(0, 5)).hasMessageContaining("noise multiplier z");
    }

    @Test
    void badInputsNameWhatWasWrong() {
        assertThatThrownBy(() -> new AdaptiveClipNorm(1.5, 0.2, 1)).hasMessageContaining("target quantile");
        assertThatThrownBy(() -> new AdaptiveClipNorm(Double.NaN, 0.2, 1)).hasMessageContaining("target quantile");
        assertThatThrownBy(() -> new AdaptiveClipNorm(0.5, -1, 1)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new AdaptiveClipNorm(0.5, 0.2, -1)).hasMessageContaining("count noise");
        AdaptiveClipNorm a = new AdaptiveClipNorm(0.5, 0.2, 1);
        assertThatThrownBy(() -> a.next(Double.NaN, 0.5)).hasMessageContaining("clip norm C");
        assertThatThrownBy(() -> a.next(-1, 0.5)).hasMessageContaining("clip norm C");
        assertThatThrownBy(() -> a.next(1, Double.NaN)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> a.noisedFraction(11, 10, random)).hasMessageContaining("[0, 10]");
        assertThatThrownBy(() -> a.noisedFraction(0, 0, random)).hasMessageContaining("clients per round m");
        assertThatThrownBy(() -> AdaptiveClipNorm.recommended(0)).hasMessageContaining("clients per round m");
    }
}
