package dev.defl.engine.content;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link BlockStore} that passes every call to another store; a decorator overrides only what it
 * changes (counting, pausing, …), as Guava's {@code Forwarding*} classes do for collections.
 */
public abstract class ForwardingBlockStore implements BlockStore {
    private final BlockStore delegate;

    protected ForwardingBlockStore(BlockStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are passed to. */
    protected final BlockStore delegate() {
        return delegate;
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        delegate.put(cid, block);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        return delegate.get(cid);
    }

    @Override
    public OptionalLong delete(Cid cid) throws IOException {
        return delegate.delete(cid);
    }

    @Override
    public Batch batch() {
        return delegate.batch();
    }

    @Override
    public boolean has(Cid cid) {
        return delegate.has(cid);
    }

    @Override
    public long sizeBytes() {
        return delegate.sizeBytes();
    }

    @Override
    public long blockCount() {
        return delegate.blockCount();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
