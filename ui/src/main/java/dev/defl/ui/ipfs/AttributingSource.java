package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.net.BlockSource;
import dev.defl.engine.content.net.EndpointKind;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link BlockSource} that notes, for the calling thread, that it delivered the last block: the pane
 * wraps each endpoint in one so the DAG inspector can say which endpoint a block came from (the
 * {@code MultiEndpointBlockStore} returns only the bytes). Everything else goes to the wrapped source, and
 * closing closes it.
 */
final class AttributingSource implements BlockSource {
    private final BlockSource source;
    private final ThreadLocal<URI> delivered;

    /**
     * @param source    the endpoint
     * @param delivered set to this source's URL on the thread whose fetch it answered with a block
     */
    AttributingSource(BlockSource source, ThreadLocal<URI> delivered) {
        this.source = Objects.requireNonNull(source, "source");
        this.delivered = Objects.requireNonNull(delivered, "delivered");
    }

    @Override
    public URI url() {
        return source.url();
    }

    @Override
    public EndpointKind kind() {
        return source.kind();
    }

    @Override
    public byte[] fetch(Cid cid, Duration timeout) throws IOException {
        byte[] block = source.fetch(cid, timeout);
        delivered.set(source.url());
        return block;
    }

    @Override
    public void probe(Duration timeout) throws IOException {
        source.probe(timeout);
    }

    @Override
    public boolean writable() {
        return source.writable();
    }

    @Override
    public void store(Cid cid, byte[] block) throws IOException {
        source.store(cid, block);
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
