package dev.defl.engine.content.kubo;

import dev.defl.engine.content.Cid;

/**
 * A block as {@code /api/v0/block/stat} describes it.
 *
 * @param cid       the block's CID
 * @param sizeBytes the block's size in bytes
 */
public record BlockStat(Cid cid, long sizeBytes) {
}
