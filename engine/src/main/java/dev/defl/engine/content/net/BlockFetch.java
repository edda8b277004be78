package dev.defl.engine.content.net;

import dev.defl.engine.content.Cid;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One attempt of {@link MultiEndpointBlockStore#get} at one endpoint, as {@link BlockFetchListener}s hear it.
 *
 * @param endpoint the endpoint's URL
 * @param kind     the endpoint's kind
 * @param cid      the block asked for
 * @param outcome  what the endpoint answered
 * @param bytes    the block's size in bytes when {@link Outcome#DELIVERED}, else 0
 * @param latency  time from the request to the answer or the failure
 */
public record BlockFetch(URI endpoint, EndpointKind kind, Cid cid, Outcome outcome, int bytes, Duration latency) {
    /** What an endpoint answered. */
    public enum Outcome {
        /** The block, hash-verified. */
        DELIVERED,
        /** "Not found": the endpoint does not have it. */
        NOT_FOUND,
        /** Any failure: cannot connect, timeout, error status, a block that does not hash to its CID. */
        FAILED
    }

    public BlockFetch {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
        if (bytes < 0) throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
}
