package dev.defl.engine.learning.privacy;

/**
 * An (ε, δ)-DP guarantee read off an RDP curve.
 *
 * @param epsilon the privacy loss ε (natural-log units, ≥ 0); {@link Double#POSITIVE_INFINITY} when there is no
 *                guarantee (noise multiplier 0)
 * @param delta   the δ it was computed for, in (0, 1)
 * @param order   the Rényi order α that gave the smallest ε; {@link Double#NaN} when ε is infinite at every order
 * @param steps   how many steps (rounds) were composed
 */
public record PrivacySpent(double epsilon, double delta, double order, long steps) {
}
