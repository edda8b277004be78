package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.net.BlockFetch;
import dev.defl.engine.content.net.BlockFetchListener;

/**
 * The traffic of a {@link NetworkContent}, for metrics ({@link NetworkContent#addListener}): files added and blocks
 * fetched from the IPFS endpoints. Called on the thread that added or fetched; must be thread-safe and return quickly.
 */
public interface NetworkContentListener extends BlockFetchListener {
    /**
     * {@link NetworkContent#add} stored a file (and published it when IPFS nodes are configured).
     *
     * @param cid   the file's CID
     * @param bytes the file's size in bytes
     */
    default void added(Cid cid, long bytes) {
    }

    /** One attempt to fetch a block the embedded store lacked from an endpoint (blocks read locally are not reported). */
    @Override
    default void fetched(BlockFetch fetch) {
    }
}
