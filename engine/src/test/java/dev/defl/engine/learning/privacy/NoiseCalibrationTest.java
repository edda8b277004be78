package dev.defl.engine.learning.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

class NoiseCalibrationTest {
    @Test
    void findsTheSmallestMultiplierWithinTheTarget() {
        for (double target : new double[] {2, 4, 8}) {
            double z = NoiseCalibration.noiseMultiplier(target, 1e-5, 0.1, 100);
            assertThat(NoiseCalibration.epsilon(0.1, z, 100, 1e-5)).as("ε at the z found for %s", target)
                    .isLessThanOrEqualTo(target).isCloseTo(target, withinPercentage(0.01));
            assertThat(NoiseCalibration.epsilon(0.1, z * (1 - 1e-4), 100, 1e-5)).isGreaterThan(target);
        }
        // the README's accountant table: z = 1.0, 100 rounds at q = 0.1 spends 7.90
        assertThat(NoiseCalibration.noiseMultiplier(7.90, 1e-5, 0.1, 100)).isCloseTo(1.0, withinPercentage(1));
    }

    @Test
    void badInputsNameWhatWasWrong() {
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(0, 1e-5, 0.1, 100)).hasMessageContaining("target ε");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(1, 1e-5, 1.5, 100)).hasMessageContaining("sampling rate q");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(1, 1e-5, 0.1, 0)).hasMessageContaining("rounds");
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(1e-6, 1e-5, 1, 1000)).hasMessageContaining("above 1000");
    }
}
