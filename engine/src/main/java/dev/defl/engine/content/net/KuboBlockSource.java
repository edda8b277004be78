package dev.defl.engine.content.net;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.kubo.KuboBlockStore;
import dev.defl.engine.content.kubo.KuboException;
import dev.defl.engine.content.kubo.KuboRpcClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An IPFS node as a {@link BlockSource}: {@link KuboRpcClient#blockGet(Cid, Duration)} (verified on our side)
 * and {@link KuboRpcClient#blockPut}. A node looks for a block it lacks among its peers until the
 * attempt's timeout, which it reports as its own timeout error: that answer is "not found"
 * ({@link ContentNotFoundException}, the {@link KuboException} its cause), as in {@link KuboBlockStore}; no
 * answer at all is a transient failure.
 */
public final class KuboBlockSource implements BlockSource {
    private final KuboRpcClient client;
    private final boolean ownsClient;

    /** The node behind {@code client}; {@link #close()} closes {@code client}. */
    public KuboBlockSource(KuboRpcClient client) {
        this(client, true);
    }

    /** The node behind {@code store}; {@link #close()} leaves the store's client open. */
    public KuboBlockSource(KuboBlockStore store) {
        this(store.client(), false);
    }

    private KuboBlockSource(KuboRpcClient client, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
    }

    @Override
    public URI url() {
        return client.endpoint();
    }

    @Override
    public EndpointKind kind() {
        return EndpointKind.KUBO_RPC;
    }

    /**
     * @throws ContentNotFoundException if the node reported that its lookup timed out
     * @throws dev.defl.engine.content.BlockVerificationException if the node's bytes do not hash to {@code cid}
     * @throws KuboException            if the node cannot be reached, does not answer or reports another error
     */
    @Override
    public byte[] fetch(Cid cid, Duration timeout) throws IOException {
        try {
            return client.blockGet(cid, timeout);
        } catch (KuboException e) {
            if (e.kind() == KuboException.Kind.TIMEOUT && e.httpStatus() != 0) {
                ContentNotFoundException notFound = new ContentNotFoundException(cid, "node " + client.endpoint()
                        + " (not found within " + timeout.toMillis() + " ms)");
                notFound.initCause(e);
                throw notFound;
            }
            throw e;
        }
    }

    /** {@code /api/v0/id} (with the client's timeout, not {@code timeout}): the node answers with its peer id. */
    @Override
    public void probe(Duration timeout) throws IOException {
        client.id();
    }

    /** True: a node accepts {@code block/put}. */
    @Override
    public boolean writable() {
        return true;
    }

    /** {@code block/put}; the node must store it under {@code cid}'s multihash. */
    @Override
    public void store(Cid cid, byte[] block) throws IOException {
        client.blockPut(block, cid.codec());
    }

    /**
     * Closes the client ({@link KuboRpcClient#close()}: releases its HTTP connections, after requests under way
     * finish), unless the source was made from a store, which keeps owning its client.
     */
    @Override
    public void close() {
        if (ownsClient) client.close();
    }

    @Override
    public String toString() {
        return "KuboBlockSource[" + client.endpoint() + "]";
    }
}
