package dev.defl.app;

import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.Cid;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A {@link BlockStore} that counts the blocks and bytes it passes on (got and put), then calls
 * {@code onChange} with itself, so a command can show progress of work done through a store it does not drive itself
 * (blocks fetched from the network, written to a CAR, imported from one).
 */
final class CountingBlockStore implements BlockStore {
    private final BlockStore store;
    private final Consumer<CountingBlockStore> onChange;
    private long blocks;
    private long bytes;

    /** @param onChange called with this store after each block counted */
    CountingBlockStore(BlockStore store, Consumer<CountingBlockStore> onChange) {
        this.store = store;
        this.onChange = onChange;
    }

    /** Blocks got or put through this store so far. */
    long blocks() {
        return blocks;
    }

    /** Bytes of the blocks got or put through this store so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        store.put(cid, block);
        count(block);
    }

    /** A batch of the store underneath, counting the blocks put through it. */
    @Override
    public Batch batch() {
        Batch batch = store.batch();
        return new Batch() {
            @Override
            public void put(Cid cid, byte[] block) throws IOException {
                batch.put(cid, block);
                count(block);
            }

            @Override
            public void commit() throws IOException {
                batch.commit();
            }

            @Override
            public void close() throws IOException {
                batch.close();
            }
        };
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] block = store.get(cid);
        count(block);
        return block;
    }

    private void count(byte[] block) {
        blocks++;
        bytes += block.length;
        onChange.accept(this);
    }

    @Override
    public OptionalLong delete(Cid cid) throws IOException {
        return store.delete(cid);
    }

    @Override
    public boolean has(Cid cid) {
        return store.has(cid);
    }

    @Override
    public long sizeBytes() {
        return store.sizeBytes();
    }

    @Override
    public long blockCount() {
        return store.blockCount();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
