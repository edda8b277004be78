package dev.defl.engine.learning.privacy;

/**
 * Log-space arithmetic for the RDP accountant: sums and differences of numbers held as their natural logarithms, the
 * log of a generalized binomial coefficient's magnitude, and {@code log erfc(x)} accurate far into the tail (where
 * {@code erfc} itself underflows). Package-private: the accountant's arithmetic, not a general math library.
 */
final class LogMath {
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

    private LogMath() {
    }

    /** {@code log(e^a + e^b)}, exact for {@code -∞} operands. */
    static double logAdd(double a, double b) {
        double lo = Math.min(a, b), hi = Math.max(a, b);
        if (lo == Double.NEGATIVE_INFINITY) return hi;
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }

    /**
     * {@code log(e^a − e^b)} for {@code a >= b}.
     *
     * @throws ArithmeticException if {@code a < b} (the difference would be negative)
     */
    static double logSub(double a, double b) {
        if (a < b) throw new ArithmeticException("log-space subtraction would be negative: log " + a + " < log " + b);
        if (b == Double.NEGATIVE_INFINITY) return a;
        if (a == b) return Double.NEGATIVE_INFINITY;
        double d = a - b;
        // log(e^d − 1) + b; for large d, e^d − 1 ≈ e^d.
        return d > 700 ? a : Math.log(Math.expm1(d)) + b;
    }

    /**
     * {@code log erfc(x)} for any finite {@code x}, relative error near double precision. For {@code x < 2} from the
     * series {@code erf(x) = (2/√π) e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3···(2n+1))} (all terms positive); for {@code x >= 2}
     * from the continued fraction of Abramowitz & Stegun 7.1.14, {@code erfc(x) = e^{-x²}/√π · 1/(x+ ½/(x+ 1/(x+
     * 3/2/(x+ …))))}, kept in log form so that {@code −x²} never underflows.
     */
    static double logErfc(double x) {
        if (Double.isNaN(x)) throw new IllegalArgumentException("logErfc of NaN");
        if (x == Double.POSITIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        if (x < 0) return Math.log(2 - Math.exp(logErfc(-x)));
        if (x < 2) return Math.log1p(-erfSeries(x));
        // Backward evaluation of the continued fraction; 300 levels converge to double precision for x >= 2.
        double f = x;
        for (int k = 300; k >= 1; k--) f = x + (k / 2.0) / f;
        return -x * x - LOG_SQRT_PI - Math.log(f);
    }

    /** {@code erf(x)} for {@code 0 <= x < 2} by the positive-term series. */
    private static double erfSeries(double x) {
        double term = x, sum = x, x2 = 2 * x * x;
        for (int n = 1; n < 200; n++) {
            term *= x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
}
