package dev.defl.engine.learning;

/**
 * Evaluation of a model on a labelled set.
 *
 * @param loss       classification: mean softmax cross-entropy (nats) per sample; regression: mean squared error, in
 *                   squared target units
 * @param accuracy   classification: fraction classified correctly (arg-max of the logits), in [0, 1]; regression: NaN
 * @param samples    number of samples evaluated
 * @param regression regression: MSE, MAE and R² of the predictions in target units; classification: {@code null}
 */
public record EvalResult(double loss, double accuracy, long samples, RegressionMetrics regression) {

    /** A classification result ({@code regression = null}). */
    public EvalResult(double loss, double accuracy, long samples) {
        this(loss, accuracy, samples, null);
    }

    /** A regression result: {@code loss} = MSE, {@code accuracy} = NaN. */
    public static EvalResult ofRegression(RegressionMetrics metrics) {
        return new EvalResult(metrics.mse(), Double.NaN, metrics.samples(), metrics);
    }

    /** Whether this evaluated a regressor. */
    public boolean isRegression() {
        return regression != null;
    }
}
