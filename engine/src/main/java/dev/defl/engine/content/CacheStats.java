package dev.defl.engine.content;

/**
 * Counters of a {@link CachingBlockStore}, read at one moment.
 *
 * @param hits          gets answered from memory
 * @param misses        gets that went to the store underneath
 * @param evictions     blocks dropped to stay within capacity (deletes not counted)
 * @param entries       blocks held now
 * @param sizeBytes     total size of the blocks held now, in bytes
 * @param capacityBytes most bytes the cache holds
 */
public record CacheStats(long hits, long misses, long evictions, long entries, long sizeBytes, long capacityBytes) {
    /** Hits over all gets, 0 to 1; 0 before the first get. */
    public double hitRatio() {
        long gets = hits + misses;
        return gets == 0 ? 0 : (double) hits / gets;
    }
}
