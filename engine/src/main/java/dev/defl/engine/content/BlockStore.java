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

    /**
     * A new batch: puts that become durable together at {@link Batch#commit()}, which is much cheaper
     * than making each block durable on its own (one forced write per block). The default batch puts
     * each block with {@link #put} at once and commits nothing more, which is right for any store whose
     * {@code put} is durable when it returns.
     */
    default Batch batch() {
        return new Batch() {
            @Override
            public void put(Cid cid, byte[] block) throws IOException {
                BlockStore.this.put(cid, block);
            }

            @Override
            public void commit() {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Puts whose durability is settled together, as kubo's {@code PutMany} does: a block put through a
     * batch is verified and written like {@link BlockStore#put} (a block is never visible torn, even to
     * a process killed meanwhile), but only {@link #commit()} guarantees that every block put so far
     * survives a power loss. Commit before recording anything that relies on the blocks (a pin). For
     * one thread at a time.
     */
    interface Batch extends AutoCloseable {
        /**
         * Puts {@code block} under {@code cid}, as {@link BlockStore#put}; it may become visible to
         * {@link BlockStore#get} only at {@link #commit()}.
         *
         * @throws BlockVerificationException if {@code block} does not hash to {@code cid} (nothing is stored)
         * @throws IOException                if writing fails, now or (for an earlier put) in the background
         */
        void put(Cid cid, byte[] block) throws IOException;

        /**
         * Puts {@code block} under the CID of {@code cidVersion} and {@code codec} with the sha2-256
         * multihash of {@code block}, computed here (so the block is hashed once, not once by the caller
         * and again to verify it), and returns that CID.
         *
         * @throws IllegalArgumentException if the version or codec is not valid for a CID
         * @throws IOException              as {@link #put(Cid, byte[])}
         */
        default Cid put(int cidVersion, long codec, byte[] block) throws IOException {
            Cid cid = Cid.of(cidVersion, codec, block);
            put(cid, block);
            return cid;
        }

        /**
         * Makes every block put so far present and durable (data and directory entries on stable
         * storage) before returning. The batch may be used on afterwards.
         *
         * @throws IOException if writing or forcing any block fails
         */
        void commit() throws IOException;

        /**
         * Ends the batch, waiting for writes in progress. Blocks put since the last commit may or may
         * not be present and durable; any that are present are whole.
         *
         * @throws IOException if ending the writes in progress fails
         */
        @Override
        void close() throws IOException;
    }

    /** Whether a block for {@code cid} is present (not verified). */
    boolean has(Cid cid);

    /** Total size of the stored blocks, in bytes. */
    long sizeBytes();

    /** Number of stored blocks. */
    long blockCount();
}
