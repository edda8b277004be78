package dev.defl.engine.network;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TaskNode} runs.
 *
 * @param pollInterval     time between two looks at the chain (seconds-scale; a new block is the earliest news)
 * @param keepCheckpoints  per-round checkpoints kept ({@link NodeCheckpoints}), &ge; 1
 * @param eventPageBlocks  blocks per {@code eth_getLogs} request while catching up, &ge; 1
 */
public record NodeOptions(Duration pollInterval, int keepCheckpoints, long eventPageBlocks) {
    /** Poll every 500 ms, keep 5 rounds, read events 10 000 blocks at a time. */
    public static final NodeOptions DEFAULT = new NodeOptions(Duration.ofMillis(500), NodeCheckpoints.DEFAULT_KEEP, 10_000);

    public NodeOptions {
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, not " + pollInterval);
        }
        if (keepCheckpoints < 1) throw new IllegalArgumentException("checkpoints kept must be >= 1, not " + keepCheckpoints);
        if (eventPageBlocks < 1) throw new IllegalArgumentException("event page must be >= 1 block, not " + eventPageBlocks);
    }

    /** These options with {@code keep} checkpoints. */
    public NodeOptions withKeepCheckpoints(int keep) {
        return new NodeOptions(pollInterval, keep, eventPageBlocks);
    }

    /** These options polling every {@code interval}. */
    public NodeOptions withPollInterval(Duration interval) {
        return new NodeOptions(interval, keepCheckpoints, eventPageBlocks);
    }
}
