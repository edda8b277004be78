package dev.defl.engine.content.net;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.gateway.TrustlessGatewayClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A trustless gateway as a read-only {@link BlockSource}: {@link TrustlessGatewayClient#block(Cid, Duration)}
 * (verified on our side; 404 is "not found").
 */
public final class GatewayBlockSource implements BlockSource {
    private final TrustlessGatewayClient client;

    /** The gateway behind {@code client}. */
    public GatewayBlockSource(TrustlessGatewayClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public URI url() {
        return client.base();
    }

    @Override
    public EndpointKind kind() {
        return EndpointKind.TRUSTLESS_GATEWAY;
    }

    @Override
    public byte[] fetch(Cid cid, Duration timeout) throws IOException {
        return client.block(cid, timeout);
    }

    /** {@link TrustlessGatewayClient#probe}: a real {@code GET} of the empty identity CID ({@value BlockSource#PROBE_CID}). */
    @Override
    public void probe(Duration timeout) throws IOException {
        client.probe(timeout);
    }

    /**
     * Closes the client ({@link TrustlessGatewayClient#close()}: releases its HTTP connections, after requests under way
     * finish).
     */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "GatewayBlockSource[" + client.base() + "]";
    }
}
