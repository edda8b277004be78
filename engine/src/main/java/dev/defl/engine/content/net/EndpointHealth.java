package dev.defl.engine.content.net;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The health of one endpoint of a {@link MultiEndpointBlockStore}, as of its last attempt.
 *
 * @param url               the endpoint's base URL
 * @param kind              how it is spoken to
 * @param healthy           false after a failed attempt or a block that did not verify, true again after an
 *                          answer (a block, or "not found"); true before the first attempt
 * @param lastLatencyMillis duration of the last attempt that got an answer, in milliseconds; -1 before any
 * @param successes         number of blocks it delivered or stored
 * @param failures          number of failed attempts (errors, timeouts and blocks that did not verify)
 * @param lastError         the message of the last failure, or null if it never failed
 * @param nextRetryAt       when it may be tried again after a failure (it is skipped in back-off before
 *                          then), or null if it is not in back-off
 */
public record EndpointHealth(URI url, EndpointKind kind, boolean healthy, long lastLatencyMillis, long successes,
        long failures, String lastError, Instant nextRetryAt) {
    public EndpointHealth {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        if (successes < 0 || failures < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + successes + ", " + failures);
        }
    }

    /** Whether the endpoint is in back-off at {@code now}, i.e. skipped unless nothing else is left. */
    public boolean inBackOff(Instant now) {
        return nextRetryAt != null && nextRetryAt.isAfter(now);
    }
}
