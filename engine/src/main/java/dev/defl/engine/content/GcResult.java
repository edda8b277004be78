package dev.defl.engine.content;

/**
 * What a garbage collection ({@link EmbeddedContentStore#gc()}) removed.
 *
 * @param blocksRemoved number of blocks deleted
 * @param bytesRemoved  total size of the deleted blocks, in bytes
 */
public record GcResult(long blocksRemoved, long bytesRemoved) {
    public GcResult {
        if (blocksRemoved < 0 || bytesRemoved < 0) {
            throw new IllegalArgumentException("negative GC counts: " + blocksRemoved + " blocks, " + bytesRemoved + " bytes");
        }
    }
}
