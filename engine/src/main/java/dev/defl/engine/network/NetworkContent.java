package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentException;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.kubo.AddOptions;
import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.content.net.MultiEndpointBlockStore;
import dev.defl.engine.content.net.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A peer's content store on a network: the embedded store of its data directory, backed by IPFS nodes.
 *
 * <ul>
 *   <li>{@link #add} stores the file in the embedded store (pinned) and publishes it: {@code /api/v0/add} with
 *       {@code cid-version=1, raw-leaves, 256 KiB chunks, pin} on the first IPFS node (RPC API) of the list that
 *       answers; the CID the node returns must equal the local one, else the add fails. So what a peer announces
 *       is on a node the other peers' nodes can fetch it from (bitswap).</li>
 *   <li>{@link #cat} reads from the embedded store; blocks it lacks come from the endpoints through a
 *       {@link MultiEndpointBlockStore} (failover in list order, retries, every block hash-verified) and are kept
 *       locally, so a peer that fetched a global model once has it after a restart.</li>
 * </ul>
 *
 * <p>Without endpoints it is the embedded store alone (a single-machine network).
 */
public final class NetworkContent implements ContentStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkContent.class);

    private final EmbeddedContentStore local;
    private final List<EndpointSpec> endpoints;
    private final List<KuboRpcClient> nodes = new ArrayList<>();
    private final MultiEndpointBlockStore remote;
    private final List<NetworkContentListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param local     the embedded store (not closed by {@link #close()})
     * @param endpoints IPFS endpoints ({@link EndpointSpec#parseList}); the RPC APIs among them are also published to
     * @param timeout   limit of one request to one endpoint
     */
    public NetworkContent(EmbeddedContentStore local, List<EndpointSpec> endpoints, Duration timeout) {
        this.local = Objects.requireNonNull(local, "local");
        this.endpoints = List.copyOf(endpoints);
        for (EndpointSpec spec : this.endpoints) {
            if (spec.kind() == EndpointKind.KUBO_RPC) nodes.add(new KuboRpcClient(spec.url(), timeout));
        }
        RetryPolicy policy = new RetryPolicy(timeout, RetryPolicy.DEFAULT.maxAttemptsPerEndpoint(),
                RetryPolicy.DEFAULT.baseDelay(), RetryPolicy.DEFAULT.maxDelay());
        this.remote = this.endpoints.isEmpty() ? null : MultiEndpointBlockStore.open(this.endpoints, policy);
    }

    /**
     * Adds a listener told of every file added and every block fetched from an endpoint (for metrics).
     */
    public void addListener(NetworkContentListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        if (remote != null) remote.addFetchListener(listener);
    }

    /** The IPFS nodes' RPC clients, in list order (for pubsub); empty without nodes. */
    public List<KuboRpcClient> nodes() {
        return List.copyOf(nodes);
    }

    /** The endpoints given, in order. */
    public List<EndpointSpec> endpoints() {
        return endpoints;
    }

    /** The embedded store. */
    public EmbeddedContentStore local() {
        return local;
    }

    @Override
    public Cid add(InputStream in) throws IOException {
        return add(in.readAllBytes());
    }

    /**
     * Stores {@code data} locally and publishes it to the first IPFS node that answers.
     *
     * @throws IOException if the local store fails, or no node took the file (each node's failure named), or a node
     *     returned another CID than the local one (a node adding with other parameters)
     */
    @Override
    public Cid add(byte[] data) throws IOException {
        Cid cid = local.add(data);
        if (nodes.isEmpty()) return added(cid, data.length);
        List<String> failures = new ArrayList<>();
        for (KuboRpcClient node : nodes) {
            Cid published;
            try {
                published = node.add(new ByteArrayInputStream(data), "defl", AddOptions.CIDV1_RAW_LEAVES.withPin(true));
            } catch (IOException e) {
                failures.add(node.endpoint() + ": " + e.getMessage());
                log.warn("publishing {} to IPFS node {} failed ({}); trying the next node", cid, node.endpoint(),
                        e.getMessage());
                continue;
            }
            if (!published.equals(cid)) {
                throw new ContentException("IPFS node " + node.endpoint() + " added " + data.length + " bytes as "
                        + published + " but the local store computed " + cid
                        + " (the node must add with CIDv1, raw leaves, 256 KiB chunks)");
            }
            return added(cid, data.length);
        }
        throw new ContentException("publishing " + cid + " (" + data.length + " bytes) failed on every IPFS node: "
                + String.join("; ", failures));
    }

    private Cid added(Cid cid, long bytes) {
        for (NetworkContentListener listener : listeners) listener.added(cid, bytes);
        return cid;
    }

    /**
     * Writes the file {@code cid}, fetching missing blocks from the endpoints (kept locally).
     *
     * @throws dev.defl.engine.content.ContentNotFoundException if a block is neither local nor at any endpoint
     * @throws dev.defl.engine.content.BlockVerificationException if a block does not hash to its CID
     * @throws IOException if the endpoints fail or writing fails
     */
    @Override
    public void cat(Cid cid, OutputStream out) throws IOException {
        if (remote == null) {
            local.cat(cid, out);
        } else {
            local.cat(cid, out, remote, true);
        }
    }

    /**
     * Ranged reads ({@link dev.defl.engine.content.UnixFsRangeReader}) from the embedded store; blocks it lacks come
     * from the endpoints, hash-verified, and are kept locally, as for {@link #cat}.
     */
    @Override
    public java.util.Optional<dev.defl.engine.content.UnixFsRangeReader> rangeReader() {
        return remote == null ? local.rangeReader() : java.util.Optional.of(local.rangeReader(remote));
    }

    /**
     * Fetches {@code cid} into the embedded store without keeping the bytes (the fast path on an announcement).
     *
     * @throws IOException as {@link #cat}
     */
    public void prefetch(Cid cid) throws IOException {
        cat(cid, OutputStream.nullOutputStream());
    }

    @Override
    public boolean has(Cid cid) {
        return local.has(cid);
    }

    @Override
    public Path root() {
        return local.root();
    }

    @Override
    public long sizeBytes() {
        return local.sizeBytes();
    }

    @Override
    public long blockCount() {
        return local.blockCount();
    }

    /** Closes the endpoints' HTTP clients (not the embedded store). */
    @Override
    public void close() {
        if (remote != null) remote.close();
        nodes.forEach(KuboRpcClient::close);
    }

    @Override
    public String toString() {
        return "NetworkContent[" + local.root() + " + " + endpoints + "]";
    }
}
