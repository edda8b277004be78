package dev.defl.engine.content;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Blocks by CID. Every block going in and coming out is hashed and checked against its CID, so a
 * store never hands out content that does not match what was asked for.
 */
public interface BlockStore {
    /**
     * Stores {@code block} under {@code cid}; storing a block that is already present does nothing.
     *
     * @throws BlockVerificationException    if {@code block} does not hash to {@code cid} (nothing is stored)
     * @throws UnsupportedOperationException if the CID's hash function is not sha2-256 or identity
     * @throws IOException                   if writing fails
     */
    void put(Cid cid, byte[] block) throws IOException;

    /**
     * The block for {@code cid}, verified against it.
     *
     * @throws ContentNotFoundException   if the store has no such block
     * @throws BlockVerificationException if what was read does not hash to {@code cid} (names the CID and source)
     * @throws IOException                if reading fails
     */
    byte[] get(Cid cid) throws IOException;

    /**
     * Removes the block for {@code cid}, if present. Blocks are immutable, so removal is the only change
     * a stored block ever sees. The default refuses: a store that cannot remove blocks need not.
     *
     * @return the size of the removed block in bytes, or empty if there was no such block
     * @throws UnsupportedOperationException if this store cannot remove blocks
     * @throws IOException                   if removing fails
     */
    default OptionalLong delete(Cid cid) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot delete blocks (asked for " + cid + ")");
    }

    /** Whether a block for {@code cid} is present (not verified). */
    boolean has(Cid cid);

    /** Total size of the stored blocks, in bytes. */
    long sizeBytes();

    /** Number of stored blocks. */
    long blockCount();
}
