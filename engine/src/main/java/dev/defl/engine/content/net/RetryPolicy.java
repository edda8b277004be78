package dev.defl.engine.content.net;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How {@link MultiEndpointBlockStore} retries: per-attempt timeout, attempts per endpoint per block, and
 * exponential back-off with full jitter: after the n-th consecutive failure of an endpoint it is left
 * alone for a delay drawn uniformly from {@code [0, min(maxDelay, baseDelay × 2^(n-1))]}. Source: Marc
 * Brooker, <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential
 * Backoff And Jitter</a> (AWS Architecture Blog, 2015), "Full Jitter".
 *
 * @param attemptTimeout         limit of one attempt at one endpoint
 * @param maxAttemptsPerEndpoint attempts at one endpoint for one block, at least 1
 * @param baseDelay              back-off cap after the first failure
 * @param maxDelay               largest back-off cap; also how long an endpoint that sent a block that did
 *                               not verify is left alone
 */
public record RetryPolicy(Duration attemptTimeout, int maxAttemptsPerEndpoint, Duration baseDelay, Duration maxDelay) {
    /** 30 s per attempt, 3 attempts per endpoint, back-off from 250 ms up to 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), 3, Duration.ofMillis(250),
            Duration.ofSeconds(10));

    /** @throws IllegalArgumentException for a non-positive timeout or attempt count, or delays out of order */
    public RetryPolicy {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attemptTimeout must be positive, not " + attemptTimeout);
        }
        if (maxAttemptsPerEndpoint < 1) {
            throw new IllegalArgumentException("maxAttemptsPerEndpoint must be at least 1, not " + maxAttemptsPerEndpoint);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, not " + baseDelay + " and " + maxDelay);
        }
    }

    /**
     * The back-off cap after {@code consecutiveFailures} failures in a row: {@code min(maxDelay, baseDelay × 2^(n-1))}.
     *
     * @throws IllegalArgumentException if {@code consecutiveFailures < 1}
     */
    public Duration cap(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, not " + consecutiveFailures);
        }
        long base = baseDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = consecutiveFailures - 1;
        if (base == 0) {
            return Duration.ZERO;
        }
        if (shift >= 62 || base > (max >> shift)) {
            return maxDelay;
        }
        return Duration.ofNanos(Math.min(max, base << shift));
    }

    /**
     * The back-off after {@code consecutiveFailures} failures in a row: uniform in {@code [0, cap]}
     * (full jitter), drawn from {@code random}.
     */
    public Duration backOff(int consecutiveFailures, RandomGenerator random) {
        long cap = cap(consecutiveFailures).toNanos();
        return Duration.ofNanos(cap == 0 ? 0 : random.nextLong(cap + 1));
    }
}
