package dev.defl.engine.learning;

/**
 * Error of real-valued predictions against targets, as scikit-learn's {@code mean_squared_error},
 * {@code mean_absolute_error} and {@code r2_score} define them: {@code MSE = Σ(ŷ−y)²/n}, {@code MAE = Σ|ŷ−y|/n},
 * {@code R² = 1 − Σ(ŷ−y)² / Σ(y−ȳ)²} (sums in double precision). For constant targets ({@code Σ(y−ȳ)² = 0}) R² is 1
 * when the predictions are exact and 0 otherwise, as in scikit-learn.
 *
 * @param mse     mean squared error, in squared target units
 * @param mae     mean absolute error, in target units
 * @param r2      coefficient of determination (1 is perfect, 0 is as good as predicting the mean, may be negative)
 * @param samples number of (prediction, target) pairs
 */
public record RegressionMetrics(double mse, double mae, double r2, int samples) {

    /** Root mean squared error, in target units. */
    public double rmse() {
        return Math.sqrt(mse);
    }

    /**
     * Metrics of {@code predicted} against {@code actual}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static RegressionMetrics of(float[] predicted, float[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " targets");
        }
        int n = actual.length;
        if (n == 0) throw new IllegalArgumentException("no targets to compare predictions with");
        double mean = 0;
        for (float y : actual) mean += y;
        mean /= n;
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double e = (double) predicted[i] - actual[i];
            squared += e * e;
            absolute += Math.abs(e);
            double dev = actual[i] - mean;
            total += dev * dev;
        }
        double r2 = total == 0 ? (squared == 0 ? 1 : 0) : 1 - squared / total;
        return new RegressionMetrics(squared / n, absolute / n, r2, n);
    }
}
