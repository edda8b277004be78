package dev.defl.engine.learning.privacy;

/**
 * The smallest noise multiplier z that keeps ε within a target after a number of rounds ({@link RdpAccountant}),
 * found by bisection on z (ε falls as z grows), as Opacus' {@code get_noise_multiplier} does.
 */
public final class NoiseCalibration {
    /** Largest z searched; ε targets that need more are refused. */
    public static final double MAX_NOISE_MULTIPLIER = 1_000;
    /** The bisection stops when the bracket is narrower than this (relative to z). */
    private static final double RELATIVE_TOLERANCE = 1e-6;

    private NoiseCalibration() {
    }

    /**
     * The smallest z (to within a relative 1e-6, rounded up, so that its ε is at most the target) such that
     * {@code rounds} rounds at sampling rate {@code q} spend at most {@code epsilon} at {@code delta}.
     *
     * @param epsilon target ε, finite and &gt; 0
     * @param delta   δ in (0, 1)
     * @param q       the sampling rate (clients per round / clients) in (0, 1]
     * @param rounds  rounds ≥ 1
     * @throws IllegalArgumentException naming the parameter out of range, or when even z = {@value #MAX_NOISE_MULTIPLIER}
     *                                  spends more than {@code epsilon}
     */
    public static double noiseMultiplier(double epsilon, double delta, double q, long rounds) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) throw new IllegalArgumentException("target ε must be finite and > 0, was " + epsilon);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("δ must be in (0, 1), was " + delta);
        if (!(q > 0 && q <= 1)) throw new IllegalArgumentException("sampling rate q must be in (0, 1], was " + q);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        double hi = 1;
        while (epsilon(q, hi, rounds, delta) > epsilon) {
            hi *= 2;
            if (hi > MAX_NOISE_MULTIPLIER) {
                throw new IllegalArgumentException("ε = " + epsilon + " at δ = " + delta + " after " + rounds
                        + " rounds at q = " + q + " needs a noise multiplier above " + MAX_NOISE_MULTIPLIER);
            }
        }
        double lo = 0;
        while (hi - lo > RELATIVE_TOLERANCE * hi) {
            double mid = (lo + hi) / 2;
            if (epsilon(q, mid, rounds, delta) > epsilon) lo = mid;
            else hi = mid;
        }
        return hi;
    }

    /** ε at δ after {@code rounds} rounds at rate q with multiplier z (infinite for z = 0). */
    public static double epsilon(double q, double z, long rounds, double delta) {
        if (z == 0) return Double.POSITIVE_INFINITY;
        RdpAccountant accountant = new RdpAccountant(q, z);
        accountant.step(Math.toIntExact(Math.min(rounds, Integer.MAX_VALUE)));
        return accountant.epsilon(delta).epsilon();
    }
}
