package dev.defl.engine.content;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local {@link BlockStore} in front of a remote one (typically a {@code dev.defl.engine.content.net.MultiEndpointBlockStore}): a
 * block is read from {@code local} when present there, else fetched from {@code remote}, hashed against
 * its CID, and, if {@code keepFetched}, stored in {@code local} so it is local from then on (the
 * read-through "fetch" of {@code ipfs get}). Writes go to {@code local} only; the remote is never written.
 * {@link #sizeBytes()} and {@link #blockCount()} are those of {@code local}.
 *
 * <p>Counts the blocks and bytes fetched from the remote ({@link #fetchedBlocks()}, {@link #fetchedBytes()})
 * so a caller can show progress. Thread-safe if both stores are.
 */
public final class ReadThroughBlockStore implements BlockStore {
    private final BlockStore local;
    private final BlockStore remote;
    private final boolean keepFetched;
    private final AtomicLong fetchedBlocks = new AtomicLong();
    private final AtomicLong fetchedBytes = new AtomicLong();

    /**
     * @param local       asked first, and written to
     * @param remote      asked for blocks {@code local} lacks; never written to
     * @param keepFetched whether fetched blocks are stored in {@code local}
     */
    public ReadThroughBlockStore(BlockStore local, BlockStore remote, boolean keepFetched) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.keepFetched = keepFetched;
    }

    /** Stores the block in the local store only. */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        local.put(cid, block);
    }

    /**
     * The block from the local store, else from the remote one (verified, and kept locally if so
     * configured).
     *
     * @throws ContentNotFoundException   if neither store has it (the remote's exception)
     * @throws BlockVerificationException if the remote's bytes do not hash to {@code cid}
     * @throws IOException                if the remote fails (e.g. the network store's EndpointsFailedException) or
     *                                    storing locally fails
     */
    @Override
    public byte[] get(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        var inline = cid.inlineBlock(); // an identity CID carries its block: never fetched
        if (inline.isPresent()) {
            return inline.get();
        }
        if (local.has(cid)) {
            try {
                return local.get(cid);
            } catch (ContentNotFoundException e) {
                // removed in between (e.g. by a GC): fall through to the remote
            }
        }
        byte[] block = remote.get(cid);
        if (!cid.matches(block)) {
            throw new BlockVerificationException(cid, remote.toString());
        }
        fetchedBlocks.incrementAndGet();
        fetchedBytes.addAndGet(block.length);
        if (keepFetched) {
            local.put(cid, block);
        }
        return block;
    }

    /**
     * Whether the local store has the block, or {@code cid} is an identity CID (which carries it); the remote
     * is not asked: asking it means fetching.
     */
    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || local.has(cid);
    }

    /** Size of the local store's blocks, in bytes. */
    @Override
    public long sizeBytes() {
        return local.sizeBytes();
    }

    /** Number of the local store's blocks. */
    @Override
    public long blockCount() {
        return local.blockCount();
    }

    /** Blocks fetched from the remote store so far. */
    public long fetchedBlocks() {
        return fetchedBlocks.get();
    }

    /** Bytes of the blocks fetched from the remote store so far. */
    public long fetchedBytes() {
        return fetchedBytes.get();
    }

    @Override
    public String toString() {
        return "ReadThroughBlockStore[" + local + " <- " + remote + (keepFetched ? ", keeping fetched blocks]" : "]");
    }
}
