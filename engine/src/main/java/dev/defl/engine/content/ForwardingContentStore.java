package dev.defl.engine.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A content store that passes every call to another one; a subclass overrides what it changes (the decorator pattern,
 * as {@link ForwardingBlockStore} for blocks). Used where adds or reads are transformed on the way, e.g. sealing adds
 * into envelopes or opening envelopes on read ({@code engine.keys}).
 */
public abstract class ForwardingContentStore implements ContentStore {
    /** The store every call goes to. */
    protected final ContentStore inner;

    protected ForwardingContentStore(ContentStore inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Cid add(InputStream in) throws IOException {
        return inner.add(in);
    }

    @Override
    public Cid add(byte[] data) throws IOException {
        return inner.add(data);
    }

    @Override
    public void cat(Cid cid, OutputStream out) throws IOException {
        inner.cat(cid, out);
    }

    @Override
    public byte[] catBytes(Cid cid, long maxBytes) throws IOException {
        return inner.catBytes(cid, maxBytes);
    }

    @Override
    public boolean has(Cid cid) {
        return inner.has(cid);
    }

    @Override
    public Path root() {
        return inner.root();
    }

    @Override
    public long sizeBytes() {
        return inner.sizeBytes();
    }

    @Override
    public long blockCount() {
        return inner.blockCount();
    }
}
