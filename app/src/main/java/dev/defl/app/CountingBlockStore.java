package dev.defl.app;

import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.ForwardingBlockStore;
import dev.defl.engine.content.Cid;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A {@link BlockStore} that counts the blocks and bytes it passes on (got and put), then calls
 * {@code onChange} with itself, so a command can show progress of work done through a store it does not drive itself
 * (blocks fetched from the network, written to a CAR, imported from one).
 */
final class CountingBlockStore extends ForwardingBlockStore {
    private final Consumer<CountingBlockStore> onChange;
    private long blocks;
    private long bytes;

    /** @param onChange called with this store after each block counted */
    CountingBlockStore(BlockStore store, Consumer<CountingBlockStore> onChange) {
        super(store);
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
        super.put(cid, block);
        count(block);
    }

    /** A batch of the store underneath, counting the blocks put through it. */
    @Override
    public Batch batch() {
        Batch batch = super.batch();
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
        byte[] block = super.get(cid);
        count(block);
        return block;
    }

    private void count(byte[] block) {
        blocks++;
        bytes += block.length;
        onChange.accept(this);
    }
}
