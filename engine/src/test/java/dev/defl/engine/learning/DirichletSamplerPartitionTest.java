package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Marsaglia–Tsang gamma draws: moments match Gamma(k, 1) (mean k, variance k); Dirichlet draws sum to 1. */
class DirichletSamplerPartitionTest {

    @Test
    void gammaDrawsHaveMeanAndVarianceOfTheShape() {
        DirichletSampler s = new DirichletSampler(new Random(42));
        for (double k : new double[]{0.1, 0.5, 1, 2.5, 30}) {
            int n = 40_000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double g = s.gamma(k);
                assertThat(g).isGreaterThanOrEqualTo(0);
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / n;
            double var = sumSq / n - mean * mean;
            assertThat(mean).as("mean of Gamma(%s)", k).isCloseTo(k, within(0.05 * k + 0.01));
            assertThat(var).as("variance of Gamma(%s)", k).isCloseTo(k, within(0.1 * k + 0.01));
        }
    }

    @Test
    void dirichletDrawsAreProportions() {
        DirichletSampler s = new DirichletSampler(new Random(1));
        for (double alpha : new double[]{0.001, 0.1, 1, 100}) {
            double[] p = s.dirichlet(alpha, 7);
            assertThat(p).hasSize(7);
            for (double x : p) assertThat(x).isBetween(0.0, 1.0);
            assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void sameSeedSameDraws() {
        DirichletSampler a = new DirichletSampler(new Random(9));
        DirichletSampler b = new DirichletSampler(new Random(9));
        for (int i = 0; i < 100; i++) assertThat(a.dirichlet(0.3, 5)).containsExactly(b.dirichlet(0.3, 5));
    }
}
