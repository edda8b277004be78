package dev.defl.engine.health;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link ReadinessProbe}'s last result, probed again only when older than a time to live, so frequent callers
 * (a scraper asking {@code /ready} every second, several at once) cannot hammer the chain and the IPFS endpoints:
 * one probe runs at a time and concurrent callers wait for it and share its result.
 *
 * <p>Thread-safe.
 */
public final class ReadinessCache {
    private final Supplier<Readiness> probe;
    private final long ttlNanos;
    private Readiness last;
    private long lastAt;

    /**
     * @param probe what to ask, e.g. {@code probe::probe}; called on the caller's thread
     * @param ttl   how long a result is reused (a second or two)
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public ReadinessCache(Supplier<Readiness> probe, Duration ttl) {
        this.probe = Objects.requireNonNull(probe, "probe");
        if (ttl.isNegative()) throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        this.ttlNanos = ttl.toNanos();
    }

    /** The last result when younger than the time to live, else a new probe's (blocking while it runs). */
    public synchronized Readiness get() {
        long now = System.nanoTime();
        if (last == null || now - lastAt >= ttlNanos) {
            last = Objects.requireNonNull(probe.get(), "probe result");
            lastAt = System.nanoTime();
        }
        return last;
    }
}
