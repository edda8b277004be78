package dev.defl.engine.content;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A memory cache in front of a {@link BlockStore}: keeps the blocks most recently read, least recently
 * used dropped first, bounded by their total size in bytes (not by their number).
 *
 * <p>Verification: the cache admits only blocks that the store underneath returned from
 * {@link BlockStore#get} (which verifies every block against its CID), and hands out copies, so a
 * caller that changes an array it got cannot change what the cache holds. A hit is therefore a block
 * that was verified when it was read from the store; it is not hashed again. A block that fails
 * verification throws from the store underneath and is never cached. A block that is damaged on disk
 * after it was cached keeps being served from memory with its verified (correct) content.
 *
 * <p>Writes go around the cache ({@link #put} stores in the store underneath and caches nothing), so
 * adding a large file does not flush what readers use. Blocks are immutable, so nothing is ever
 * invalidated except by {@link #delete}; a read that raced with a delete does not put the deleted block
 * back into the cache. Keyed by multihash, like {@link FileBlockStore}: a CIDv0 and the CIDv1 of the same
 * block share one entry. A block larger than the capacity is never cached.
 *
 * <p>Thread-safe: one lock guards the index and counters; reads from the store underneath happen
 * outside it.
 */
public final class CachingBlockStore implements BlockStore {
    /** Default capacity: 64 MiB. */
    public static final long DEFAULT_CAPACITY_BYTES = 64L << 20;

    private final BlockStore store;
    private final long capacityBytes;
    private final Object lock = new Object();
    /** Access-ordered: iteration starts at the least recently used block. Guarded by {@link #lock}. */
    private final LinkedHashMap<Multihash, byte[]> blocks = new LinkedHashMap<>(16, 0.75f, true);
    private long sizeBytes;
    private long hits;
    private long misses;
    private long evictions;
    /** Number of deletes so far; a read admits its block only if no delete happened while it read. */
    private long deletes;

    /**
     * A cache of at most {@code capacityBytes} bytes of blocks in front of {@code store}.
     *
     * @throws IllegalArgumentException if {@code capacityBytes} is negative (0 caches nothing)
     */
    public CachingBlockStore(BlockStore store, long capacityBytes) {
        this.store = Objects.requireNonNull(store, "store");
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative: " + capacityBytes + " bytes");
        }
        this.capacityBytes = capacityBytes;
    }

    /** The store underneath. */
    public BlockStore store() {
        return store;
    }

    /** Stores {@code block} in the store underneath (verified there); the cache is not filled. */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        store.put(cid, block);
    }

    /** A batch of the store underneath; the cache is not filled. */
    @Override
    public Batch batch() {
        return store.batch();
    }

    /**
     * The block for {@code cid}: a copy from memory, or else read (and verified) by the store underneath
     * and cached.
     *
     * @throws ContentNotFoundException   if the store underneath has no such block
     * @throws BlockVerificationException if the store underneath read a block that does not hash to {@code cid}
     * @throws IOException                if reading fails
     */
    @Override
    public byte[] get(Cid cid) throws IOException {
        var inline = cid.inlineBlock(); // an identity CID carries its block: nothing to read or cache
        if (inline.isPresent()) {
            return inline.get();
        }
        Multihash key = cid.multihash();
        long deletesBefore;
        synchronized (lock) {
            byte[] cached = blocks.get(key);
            if (cached != null) {
                hits++;
                return cached.clone();
            }
            misses++;
            deletesBefore = deletes;
        }
        byte[] block = store.get(cid);
        if (block.length > capacityBytes) {
            return block;
        }
        byte[] copy = block.clone();
        synchronized (lock) {
            if (deletes == deletesBefore && !blocks.containsKey(key)) {
                blocks.put(key, copy);
                sizeBytes += copy.length;
                evictToCapacity();
            }
        }
        return block;
    }

    /**
     * A view of this cache for one long sequential read (a scan): a block in memory is handed out as by
     * {@link #get} (a copy, counted as a hit), but a block read from the store underneath is not admitted.
     * A scan larger than the capacity would otherwise evict every block others use and gain nothing: under
     * least-recently-used eviction, scanning it again finds none of its own blocks still cached. Writes,
     * deletes and counts go to this cache.
     */
    public BlockStore scanning() {
        return new BlockStore() {
            @Override
            public byte[] get(Cid cid) throws IOException {
                synchronized (lock) {
                    byte[] cached = blocks.get(cid.multihash());
                    if (cached != null) {
                        hits++;
                        return cached.clone();
                    }
                    misses++;
                }
                return store.get(cid);
            }

            @Override
            public void put(Cid cid, byte[] block) throws IOException {
                CachingBlockStore.this.put(cid, block);
            }

            @Override
            public Batch batch() {
                return CachingBlockStore.this.batch();
            }

            @Override
            public OptionalLong delete(Cid cid) throws IOException {
                return CachingBlockStore.this.delete(cid);
            }

            @Override
            public boolean has(Cid cid) {
                return CachingBlockStore.this.has(cid);
            }

            @Override
            public long sizeBytes() {
                return CachingBlockStore.this.sizeBytes();
            }

            @Override
            public long blockCount() {
                return CachingBlockStore.this.blockCount();
            }
        };
    }

    private void evictToCapacity() {
        Iterator<Map.Entry<Multihash, byte[]>> eldest = blocks.entrySet().iterator();
        while (sizeBytes > capacityBytes && eldest.hasNext()) {
            sizeBytes -= eldest.next().getValue().length;
            eldest.remove();
            evictions++;
        }
    }

    /**
     * Drops the block from the cache and deletes it from the store underneath.
     *
     * @return as {@link BlockStore#delete} of the store underneath
     * @throws UnsupportedOperationException if the store underneath cannot delete blocks
     * @throws IOException                   if deleting fails
     */
    @Override
    public OptionalLong delete(Cid cid) throws IOException {
        // drop before and after the delete underneath, so that a get overlapping it cannot re-admit the block
        drop(cid.multihash());
        try {
            return store.delete(cid);
        } finally {
            drop(cid.multihash());
        }
    }

    private void drop(Multihash key) {
        synchronized (lock) {
            deletes++;
            byte[] dropped = blocks.remove(key);
            if (dropped != null) {
                sizeBytes -= dropped.length;
            }
        }
    }

    /** Whether the block is cached or present in the store underneath. */
    @Override
    public boolean has(Cid cid) {
        synchronized (lock) {
            if (blocks.containsKey(cid.multihash())) {
                return true;
            }
        }
        return store.has(cid);
    }

    /** Whether the block for {@code cid} is in memory now (does not count as a use). */
    public boolean isCached(Cid cid) {
        synchronized (lock) {
            return blocks.containsKey(cid.multihash());
        }
    }

    /** Total size of the blocks in the store underneath, in bytes. */
    @Override
    public long sizeBytes() {
        return store.sizeBytes();
    }

    /** Number of blocks in the store underneath. */
    @Override
    public long blockCount() {
        return store.blockCount();
    }

    /** The cache's counters now. */
    public CacheStats stats() {
        synchronized (lock) {
            return new CacheStats(hits, misses, evictions, blocks.size(), sizeBytes, capacityBytes);
        }
    }

    /** The largest total size of cached blocks, in bytes. */
    public long capacityBytes() {
        return capacityBytes;
    }

    @Override
    public String toString() {
        return "CachingBlockStore[" + stats() + " over " + store + "]";
    }
}
