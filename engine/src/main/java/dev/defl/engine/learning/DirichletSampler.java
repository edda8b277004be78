package dev.defl.engine.learning;

import java.util.Random;

/**
 * Gamma and symmetric Dirichlet draws on a seeded {@link Random}, reproducible on any machine.
 *
 * <p>Gamma(shape k, scale 1) uses Marsaglia &amp; Tsang 2000, "A Simple Method for Generating Gamma Variables"
 * (ACM TOMS 26(3)): for {@code k >= 1}, {@code d = k - 1/3}, {@code c = 1/sqrt(9d)}, repeat {@code x ~ N(0,1)},
 * {@code v = (1 + c x)^3}, {@code u ~ U(0,1)} until {@code v > 0} and {@code ln u < x²/2 + d - d v + d ln v}; return
 * {@code d v}. For {@code k < 1} it returns {@code Gamma(k + 1) · u^(1/k)} (their section 6). A Dirichlet(α, …, α) draw
 * is {@code g_i / Σ g} with {@code g_i ~ Gamma(α)}.
 *
 * <p>Determinism: {@link Random}'s algorithms ({@code nextDouble}, {@code nextGaussian}) are fixed by its
 * specification, and all transcendental functions here are {@link StrictMath}, so one seed gives bit-identical
 * draws on every JVM and CPU.
 */
final class DirichletSampler {
    private final Random random;

    DirichletSampler(Random random) {
        this.random = random;
    }

    /** One draw of Gamma(shape, 1); {@code shape > 0}. */
    double gamma(double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) throw new IllegalArgumentException("gamma shape must be > 0, got " + shape);
        if (shape < 1) {
            double u = nextOpenDouble();
            return gamma(shape + 1) * StrictMath.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / StrictMath.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = nextOpenDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v; // Marsaglia–Tsang squeeze
            if (StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) return d * v;
        }
    }

    /**
     * One draw of the symmetric Dirichlet(α, …, α) of dimension {@code k}: {@code k} non-negative proportions summing
     * to 1. When every gamma draw underflows to 0 (possible for tiny α), all mass goes to one index chosen uniformly,
     * the limit of the distribution as α → 0.
     */
    double[] dirichlet(double alpha, int k) {
        double[] p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = gamma(alpha);
            sum += p[i];
        }
        if (sum == 0) {
            p[random.nextInt(k)] = 1;
            return p;
        }
        for (int i = 0; i < k; i++) p[i] /= sum;
        return p;
    }

    /** Uniform on (0, 1): {@code nextDouble} is on [0, 1), and 0 would make {@code log u} and {@code u^(1/k)} degenerate. */
    private double nextOpenDouble() {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0);
        return u;
    }

    /** The underlying generator, for shuffles that must follow the draws in the same stream. */
    Random random() {
        return random;
    }
}
