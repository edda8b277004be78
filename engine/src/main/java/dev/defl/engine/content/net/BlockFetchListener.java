package dev.defl.engine.content.net;

/**
 * Told of every attempt of {@link MultiEndpointBlockStore#get} at an endpoint (for metrics), on the thread that made
 * it. Must return quickly and not call back into the store.
 */
@FunctionalInterface
public interface BlockFetchListener {
    /** {@code fetch} is one finished attempt. */
    void fetched(BlockFetch fetch);
}
