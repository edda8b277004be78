package dev.defl.engine.learning;

/**
 * Evaluation of a model on a labelled set.
 *
 * @param loss     mean softmax cross-entropy (nats) per sample
 * @param accuracy fraction classified correctly (arg-max of the logits), in [0, 1]
 * @param samples  number of samples evaluated
 */
public record EvalResult(double loss, double accuracy, long samples) {
}
