package dev.defl.engine.content.kubo;

import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The blocks of an IPFS node, through its Kubo RPC API, as a {@link BlockStore}: {@link #get} is
 * {@link KuboRpcClient#blockGet} (hashed and checked against the CID on our side), {@link #put} is
 * {@link KuboRpcClient#blockPut} after checking the block against its CID. With it the
 * {@link dev.defl.engine.content.UnixFsExporter} reads a file from a node block by block, and the
 * {@link dev.defl.engine.content.UnixFsImporter} adds one through {@code block/put}.
 *
 * <p>A node looks for a block it lacks among its peers until the request times out, so "not found"
 * means "not found within the client's timeout"; {@link #has} waits at most its own, shorter,
 * lookup timeout. Methods that cannot declare {@link IOException} ({@link #has}, {@link #sizeBytes},
 * {@link #blockCount}) throw {@link UncheckedIOException} wrapping the {@link KuboException} when the
 * node cannot be reached.
 */
public final class KuboBlockStore implements BlockStore {
    /** How long {@link #has} waits for the node by default: 2 s. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private final KuboRpcClient client;
    private final Duration lookupTimeout;

    /** A store over {@code client}'s node, with {@link #DEFAULT_LOOKUP_TIMEOUT}. */
    public KuboBlockStore(KuboRpcClient client) {
        this(client, DEFAULT_LOOKUP_TIMEOUT);
    }

    /**
     * A store over {@code client}'s node.
     *
     * @param lookupTimeout how long {@link #has} waits before answering false
     */
    public KuboBlockStore(KuboRpcClient client, Duration lookupTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.lookupTimeout = Objects.requireNonNull(lookupTimeout, "lookupTimeout");
    }

    /** The client this store reads and writes through. */
    public KuboRpcClient client() {
        return client;
    }

    /**
     * Checks {@code block} against {@code cid}, then stores it on the node with {@code block/put}.
     *
     * @throws BlockVerificationException if {@code block} does not hash to {@code cid} (nothing is sent)
     * @throws KuboException              if the request fails or the node names another CID
     * @throws UnsupportedOperationException if the CID's hash function is not sha2-256 or identity
     */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        if (!cid.matches(block)) {
            throw new BlockVerificationException(cid, "caller");
        }
        client.blockPut(block, cid.codec());
    }

    /**
     * The block {@code cid} from the node, verified against it.
     *
     * @throws ContentNotFoundException   if the node did not produce it within the client's timeout
     *                                    (names the CID and the endpoint; the {@link KuboException} is the cause)
     * @throws BlockVerificationException if the node's bytes do not hash to {@code cid}
     * @throws KuboException              if the node cannot be reached or reports another error
     */
    @Override
    public byte[] get(Cid cid) throws IOException {
        try {
            return client.blockGet(cid);
        } catch (KuboException e) {
            if (e.kind() == KuboException.Kind.TIMEOUT && e.httpStatus() != 0) {
                ContentNotFoundException notFound = new ContentNotFoundException(cid, "node " + client.endpoint()
                        + " (not found within " + client.timeout().toMillis() + " ms: " + e.nodeMessage().orElse("") + ")");
                notFound.initCause(e);
                throw notFound;
            }
            throw e;
        }
    }

    /**
     * Whether the node has the block or can get it within the lookup timeout ({@code block/stat}).
     *
     * @throws UncheckedIOException if the node cannot be reached
     */
    @Override
    public boolean has(Cid cid) {
        try {
            client.blockStat(cid, lookupTimeout);
            return true;
        } catch (KuboException e) {
            if (e.httpStatus() != 0) {
                return false;
            }
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The node's repository size in bytes ({@code repo/stat} RepoSize: blocks plus the node's own data).
     *
     * @throws UncheckedIOException if the request fails
     */
    @Override
    public long sizeBytes() {
        return repoStat().repoSizeBytes();
    }

    /**
     * Number of blocks on the node ({@code repo/stat} NumObjects).
     *
     * @throws UncheckedIOException if the request fails
     */
    @Override
    public long blockCount() {
        return repoStat().numObjects();
    }

    private RepoStat repoStat() {
        try {
            return client.repoStat();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KuboBlockStore[" + client.endpoint() + "]";
    }
}
