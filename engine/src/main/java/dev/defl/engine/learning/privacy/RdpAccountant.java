package dev.defl.engine.learning.privacy;

import java.util.Arrays;

/**
 * Rényi differential privacy accountant for the Poisson-subsampled Gaussian mechanism, the mechanism of DP-FedAvg
 * (each client is sampled independently with probability {@code q}, its clipped update has L2 sensitivity 1 in units
 * of the clip norm C, and the sum carries Gaussian noise of standard deviation {@code z·C}).
 *
 * <p>Written from the papers:
 * <ul>
 *   <li>Mironov 2017, "Rényi Differential Privacy" (CSF): the Gaussian mechanism's RDP {@code α/(2z²)} and additive
 *       composition over steps;</li>
 *   <li>Mironov, Talwar, Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"
 *       (arXiv:1908.10530): {@code RDP(α) = log(A_α)/(α−1)}, with {@code A_α} by the binomial series
 *       {@code Σ_{k=0}^{α} C(α,k)(1−q)^{α−k} q^k exp((k²−k)/(2z²))} for integer α (their Section 3.2) and by the two
 *       series split at {@code z₀ = z²·log(1/q − 1) + ½} with {@code erfc} factors for fractional α (Section 3.3).</li>
 * </ul>
 * Everything is held in log space (log-sum-exp, {@code log erfc} from a continued fraction), so the large orders
 * (up to 63) and small z do not overflow.
 *
 * <p>Conversion to (ε, δ): the improved bound of Canonne, Kamath, Steinke 2020 ("The Discrete Gaussian for
 * Differential Privacy", arXiv:2004.00010 v4, Proposition 12; the same as Balle, Barthe, Gaboardi, Hsu, Sato 2020,
 * "Hypothesis Testing Interpretations and Rényi Differential Privacy", and Asoodeh et al., arXiv:2001.05990 Eq. 20):
 * {@code ε = min_α [ rdp(α) + log((α−1)/α) − (log δ + log α)/(α−1) ]},
 * exactly as Opacus' {@code get_privacy_spent} and Google's {@code dp_accounting.rdp.compute_epsilon} compute it,
 * including the latter's two edge rules (an order whose RDP is below {@code −log(1−δ²)} gives ε = 0 by the KL
 * bound; orders ≤ 1.01 are skipped as numerically unstable) and its clamp at 0. {@link #classicEpsilon(double)} gives
 * Mironov 2017's Proposition 3, {@code min_α [rdp(α) − log δ/(α−1)]}, which older tools (TF Privacy before 2020)
 * reported; it is larger.
 *
 * <p>Not thread-safe: one accountant per run, stepped by its round loop.
 */
public final class RdpAccountant {
    /**
     * The standard orders, as Opacus' {@code DEFAULT_ALPHAS}: {@code 1.1, 1.2, …, 10.9} then {@code 12, 13, …, 63}
     * (151 orders).
     */
    public static final double[] DEFAULT_ORDERS = defaultOrders();

    /** The largest order accepted (the integer series has α + 1 terms). */
    public static final double MAX_ORDER = 10_000;

    /** Terms of the fractional-order series summed before giving up on that order. */
    static final int MAX_FRACTIONAL_TERMS = 100_000;

    private final double samplingRate;
    private final double noiseMultiplier;
    private final double[] orders;
    private final double[] rdpPerStep;
    private long steps;

    /**
     * An accountant with {@link #DEFAULT_ORDERS} and no step taken yet.
     *
     * @param samplingRate    q, the probability that a given client takes part in a round, in [0, 1]; 1 means every
     *                        client every round (the plain Gaussian mechanism)
     * @param noiseMultiplier z, the noise standard deviation on the sum divided by the clip norm, ≥ 0 (0 gives ε = ∞)
     * @throws IllegalArgumentException naming the argument if q is outside [0, 1], z is negative, or either is NaN or
     *                                  infinite
     */
    public RdpAccountant(double samplingRate, double noiseMultiplier) {
        this(samplingRate, noiseMultiplier, DEFAULT_ORDERS);
    }

    /**
     * As {@link #RdpAccountant(double, double)} with chosen Rényi orders.
     *
     * @param orders the orders α, each in (1, {@value #MAX_ORDER}] (copied)
     * @throws IllegalArgumentException also if {@code orders} is empty or an order is outside (1, {@value #MAX_ORDER}]
     */
    public RdpAccountant(double samplingRate, double noiseMultiplier, double[] orders) {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate q must be in [0, 1], was " + samplingRate);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier z must be finite and >= 0, was " + noiseMultiplier);
        }
        if (orders.length == 0) throw new IllegalArgumentException("no Rényi orders given");
        for (double a : orders) {
            if (!(a > 1 && a <= MAX_ORDER)) throw new IllegalArgumentException("Rényi order must be in (1, " + MAX_ORDER + "], was " + a);
        }
        this.samplingRate = samplingRate;
        this.noiseMultiplier = noiseMultiplier;
        this.orders = orders.clone();
        this.rdpPerStep = new double[orders.length];
        for (int i = 0; i < orders.length; i++) rdpPerStep[i] = sampledGaussianRdp(samplingRate, noiseMultiplier, orders[i]);
    }

    private static double[] defaultOrders() {
        double[] a = new double[99 + 52];
        for (int x = 1; x < 100; x++) a[x - 1] = 1 + x / 10.0;
        for (int k = 12; k < 64; k++) a[99 + k - 12] = k;
        return a;
    }

    /** Composes one more step (round). */
    public void step() {
        step(1);
    }

    /**
     * Composes {@code n} more steps (rounds).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public void step(int n) {
        if (n < 0) throw new IllegalArgumentException("step count must be >= 0, was " + n);
        steps += n;
    }

    /** Steps composed so far. */
    public long steps() {
        return steps;
    }

    /** q. */
    public double samplingRate() {
        return samplingRate;
    }

    /** z. */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** The orders α (a copy). */
    public double[] orders() {
        return orders.clone();
    }

    /** The composed RDP ε(α) at each order after {@link #steps()} steps (a copy; may hold +∞). */
    public double[] rdp() {
        double[] r = new double[orders.length];
        for (int i = 0; i < r.length; i++) r[i] = composed(i);
        return r;
    }

    private double composed(int i) {
        return steps == 0 ? 0 : rdpPerStep[i] * steps;
    }

    /**
     * ε for {@code delta} after {@link #steps()} steps, by the improved conversion (see the class comment).
     *
     * @param delta δ, in (0, 1)
     * @throws IllegalArgumentException if δ is not in (0, 1)
     */
    public PrivacySpent epsilon(double delta) {
        checkDelta(delta);
        double best = Double.POSITIVE_INFINITY, bestOrder = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i], r = composed(i), eps;
            if (r == Double.POSITIVE_INFINITY) eps = Double.POSITIVE_INFINITY;
            else if (delta * delta + Math.expm1(-r) > 0) eps = 0; // KL bound: δ ≤ √(1 − e^{−KL})
            else if (a > 1.01) eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
            else eps = Double.POSITIVE_INFINITY;
            if (eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new PrivacySpent(Math.max(0, best), delta, bestOrder, steps);
    }

    /**
     * ε for {@code delta} by Mironov 2017 Proposition 3, {@code min_α [rdp(α) − log δ/(α−1)]}: the conversion of the
     * original moments accountant and TF Privacy before 2020, looser than {@link #epsilon(double)}.
     *
     * @throws IllegalArgumentException if δ is not in (0, 1)
     */
    public PrivacySpent classicEpsilon(double delta) {
        checkDelta(delta);
        double best = Double.POSITIVE_INFINITY, bestOrder = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double eps = composed(i) - Math.log(delta) / (orders[i] - 1);
            if (eps < best) {
                best = eps;
                bestOrder = orders[i];
            }
        }
        return new PrivacySpent(Math.max(0, best), delta, bestOrder, steps);
    }

    private static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
    }

    /**
     * RDP at order α of one step of the Poisson-subsampled Gaussian mechanism with sensitivity 1.
     *
     * @param q     sampling rate in [0, 1]
     * @param z     noise multiplier ≥ 0
     * @param alpha Rényi order in (1, {@value #MAX_ORDER}], or +∞ (giving +∞)
     * @return ε(α) in nats; 0 for q = 0, +∞ for z = 0, {@code α/(2z²)} for q = 1; +∞ also for a fractional order
     *         whose series did not converge (see {@link #logAFractional})
     * @throws IllegalArgumentException if an argument is out of range or NaN
     */
    public static double sampledGaussianRdp(double q, double z, double alpha) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("sampling rate q must be in [0, 1], was " + q);
        if (!(z >= 0)) throw new IllegalArgumentException("noise multiplier z must be >= 0, was " + z);
        if (!(alpha > 1)) throw new IllegalArgumentException("Rényi order must be > 1, was " + alpha);
        if (q == 0) return 0;
        if (alpha > MAX_ORDER && !Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Rényi order must be <= " + MAX_ORDER + " or infinite, was " + alpha);
        }
        if (z == 0 || Double.isInfinite(alpha)) return Double.POSITIVE_INFINITY;
        if (q == 1) return alpha / (2 * z * z);
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, z, (int) alpha) : logAFractional(q, z, alpha);
        return logA / (alpha - 1);
    }

    /** {@code log A_α} for integer α by the finite binomial series (MTZ 2019 Section 3.2). */
    static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q), log1mQ = Math.log1p(-q), twoSigma2 = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY, logCoef = 0; // log C(α, 0)
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) logCoef += Math.log(alpha - i + 1) - Math.log(i);
            double s = logCoef + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
            logA = LogMath.logAdd(logA, s);
        }
        return logA;
    }

    /**
     * {@code log A_α} for fractional α (MTZ 2019 Section 3.3): {@code A_α = A₀ + A₁}, the integrals over
     * {@code (−∞, z₀]} and {@code [z₀, ∞)}, each an infinite series whose k-th term carries the generalized binomial
     * coefficient {@code C(α, k)} (its sign alternates once {@code k > α}) and a factor {@code ½·erfc(·)}. Summed with
     * signs in log space; if rounding would make a partial sum negative, the sum of magnitudes (an upper bound, so
     * still a valid RDP bound) is used instead. Stops when both terms are decreasing and below {@code e^{−30}} of the
     * total. For orders close to 1 with moderate q (e.g. q = 0.1, z = 0.5, α = 1.1) the terms decay only
     * polynomially (the exponential parts cancel exactly), and that takes some 10⁴ terms; dp-accounting stops after
     * 1000 and drops the order, which can overstate ε a lot when such an order is optimal (q = 0.1, z = 0.5, 1000
     * steps: 236 instead of 136). If the criterion is still unmet after {@value #MAX_FRACTIONAL_TERMS} terms this
     * returns +∞, so that the order is left out of the minimum.
     */
    static double logAFractional(double q, double sigma, double alpha) {
        double logQ = Math.log(q), log1mQ = Math.log1p(-q), twoSigma2 = 2 * sigma * sigma;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double sqrt2Sigma = Math.sqrt(2) * sigma, logHalf = Math.log(0.5);
        double a0 = Double.NEGATIVE_INFINITY, a1 = Double.NEGATIVE_INFINITY; // signed sums (kept ≥ 0)
        double abs0 = Double.NEGATIVE_INFINITY, abs1 = Double.NEGATIVE_INFINITY; // sums of magnitudes
        boolean signedOk = true;
        double logCoef = 0; // log |C(α, 0)|
        boolean positive = true;
        double last0 = Double.NEGATIVE_INFINITY, last1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < MAX_FRACTIONAL_TERMS; i++) {
            if (i > 0) {
                double factor = alpha - i + 1;
                logCoef += Math.log(Math.abs(factor)) - Math.log(i);
                if (factor < 0) positive = !positive;
            }
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = logHalf + LogMath.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = logHalf + LogMath.logErfc((z0 - j) / sqrt2Sigma);
            double s0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
            double s1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            abs0 = LogMath.logAdd(abs0, s0);
            abs1 = LogMath.logAdd(abs1, s1);
            if (signedOk) {
                try {
                    a0 = positive ? LogMath.logAdd(a0, s0) : LogMath.logSub(a0, s0);
                    a1 = positive ? LogMath.logAdd(a1, s1) : LogMath.logSub(a1, s1);
                } catch (ArithmeticException e) {
                    signedOk = false;
                }
            }
            double total = LogMath.logAdd(abs0, abs1);
            if (s0 < last0 && s1 < last1 && Math.max(s0, s1) < total - 30) {
                return signedOk ? LogMath.logAdd(a0, a1) : total;
            }
            last0 = s0;
            last1 = s1;
        }
        return Double.POSITIVE_INFINITY; // not converged: this order gives no bound (excluded from the minimum over orders)
    }

    @Override
    public String toString() {
        return "RdpAccountant{q=" + samplingRate + ", z=" + noiseMultiplier + ", steps=" + steps + ", orders=" + orders.length
                + (Arrays.equals(orders, DEFAULT_ORDERS) ? " (default)" : "") + '}';
    }
}
