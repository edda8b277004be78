package dev.defl.ui.ipfs;

import dev.defl.engine.envelope.EnvelopeHeader;
import dev.defl.engine.keys.EncryptedContent;

import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.DagPbLink;
import dev.defl.engine.content.DagPbNode;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.FileBlockStore;
import dev.defl.engine.content.UnixFsData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads the blocks of a DAG for the inspector: from the embedded store when it has them, else through the
 * network endpoints (a {@code MultiEndpointBlockStore}: ordered endpoints with failover, every block hashed
 * against its CID). A fetched block is kept in the store, unpinned, as {@code ipfs dag get} and
 * {@code ipfs ls} do in kubo: it is local from then on and goes at the next GC unless pinned. Blocking; used
 * on the background executor. Each remote read first checks the cancel flag (a request under way finishes
 * or times out first) and then tells {@code onRemote} which block it is about to fetch.
 */
public final class DagReader {
    private final EmbeddedContentStore store;
    private final BlockStore network;
    private final ThreadLocal<URI> delivered;
    private final BooleanSupplier cancel;
    private final Consumer<Cid> onRemote;

    /**
     * @param store     the embedded store, asked first and given every fetched block
     * @param network   the endpoints, or null for the store only
     * @param delivered set by the endpoints' {@link AttributingSource}s to the endpoint that delivered a block
     * @param cancel    when true, the next remote read throws {@link InterruptedIOException}
     * @param onRemote  told (on the worker thread) of each block about to be fetched
     */
    public DagReader(EmbeddedContentStore store, BlockStore network, ThreadLocal<URI> delivered, BooleanSupplier cancel,
              Consumer<Cid> onRemote) {
        this.store = Objects.requireNonNull(store, "store");
        this.network = network;
        this.delivered = Objects.requireNonNull(delivered, "delivered");
        this.cancel = Objects.requireNonNull(cancel, "cancel");
        this.onRemote = Objects.requireNonNull(onRemote, "onRemote");
    }

    /** A block and where it was read ({@link DagNode#LOCAL} or the delivering endpoint's URL). */
    record Block(byte[] bytes, String origin) {}

    /**
     * The block {@code cid}: from the store, else fetched through the network, verified, and stored.
     *
     * @throws ContentNotFoundException if the store lacks it and there are no endpoints, or every endpoint
     *                                  answered "not found" (names the CID and the endpoints)
     * @throws InterruptedIOException   if the read was cancelled
     * @throws IOException              the network's failure (e.g. {@code EndpointsFailedException} naming each
     *                                  endpoint's error, a block that did not verify among them)
     */
    Block block(Cid cid) throws IOException {
        FileBlockStore local = store.blockStore();
        if (local.has(cid)) {
            try {
                return new Block(local.get(cid), DagNode.LOCAL);
            } catch (ContentNotFoundException e) {
                // removed by a GC in between: fetch it
            }
        }
        if (network == null) {
            throw new ContentNotFoundException(cid, store.root() + " (add IPFS endpoints under Network to read it from the network)");
        }
        if (cancel.getAsBoolean()) throw new InterruptedIOException("cancelled before fetching block " + cid);
        onRemote.accept(cid);
        delivered.remove();
        byte[] bytes = network.get(cid);
        if (!cid.matches(bytes)) { // the network store verifies; a second check costs one hash
            throw new dev.defl.engine.content.BlockVerificationException(cid, network.toString());
        }
        URI from = delivered.get();
        delivered.remove();
        local.put(cid, bytes);
        return new Block(bytes, from == null ? DagNode.NETWORK : from.toString());
    }

    /**
     * The inspector node for {@code cid}: a raw block in the store by its file length (not read), any other
     * block read (fetched if missing), dag-pb decoded for its links and UnixFS {@code filesize}.
     *
     * @param tsize the size the parent's link gave, used when a dag-pb node has no UnixFS data; -1 if none
     */
    public DagNode describe(Cid cid, String name, long tsize) throws IOException {
        FileBlockStore local = store.blockStore();
        if (cid.codec() != Cid.DAG_PB && local.has(cid)) {
            return new DagNode(cid, name, Files.size(local.blockPath(cid)), 0);
        }
        Block block = block(cid);
        if (cid.codec() != Cid.DAG_PB) return new DagNode(cid, name, block.bytes().length, 0, block.origin());
        return node(cid, name, tsize, block);
    }

    private static DagNode node(Cid cid, String name, long tsize, Block block) throws IOException {
        DagPbNode node = DagPbNode.decode(block.bytes());
        long size = tsize;
        if (node.data().length > 0) size = UnixFsData.decode(node.data()).fileSize();
        return new DagNode(cid, name, size, node.links().size(), block.origin());
    }

    /**
     * The children of {@code parent} in link order. dag-pb children are read (fetched if missing). Raw leaves
     * the store lacks are fetched only if {@code parent} is at most {@code fetchLeavesUpToBytes} (a file that
     * small is fetched whole for its preview anyway); under a larger parent they are described from the link,
     * origin {@link DagNode#NOT_FETCHED}, since listing a large file must not download it.
     */
    public List<DagNode> children(DagNode parent, long fetchLeavesUpToBytes) throws IOException {
        if (parent.cid().codec() != Cid.DAG_PB) return List.of();
        boolean fetchLeaves = parent.sizeBytes() >= 0 && parent.sizeBytes() <= fetchLeavesUpToBytes;
        List<DagNode> out = new ArrayList<>();
        for (DagPbLink link : DagPbNode.decode(block(parent.cid()).bytes()).links()) {
            if (!fetchLeaves && link.cid().codec() == Cid.RAW && !store.blockStore().has(link.cid())) {
                out.add(new DagNode(link.cid(), link.name(), link.tsize(), 0, DagNode.NOT_FETCHED));
            } else {
                out.add(describe(link.cid(), link.name(), link.tsize()));
            }
        }
        return out;
    }

    /**
     * The envelope header {@code cid} starts with (its recipients; {@link EncryptedContent#header}), read from the
     * store only: empty for plain content.
     *
     * @throws IOException when the store lacks the file's first blocks
     */
    public Optional<EnvelopeHeader> envelopeHeader(Cid cid) throws IOException {
        return EncryptedContent.header(store, cid);
    }

    /**
     * The file content of {@code cid} (a UnixFS file or raw block), reading missing blocks through the
     * network and keeping them in the store unpinned. Call only for small files (the preview limit).
     */
    public byte[] content(Cid cid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (network == null) {
            store.cat(cid, out);
        } else {
            store.cat(cid, out, new RemoteBlocks(), true);
        }
        return out.toByteArray();
    }

    /**
     * Fetches every block of the DAG {@code root} the store lacks (so it can be pinned recursively), in
     * depth-first order.
     *
     * @param onBlock told the number of blocks fetched so far after each fetch
     * @return the number of blocks fetched
     */
    public long fetchAll(Cid root, java.util.function.LongConsumer onBlock) throws IOException {
        Deque<Cid> todo = new ArrayDeque<>();
        Set<Cid> seen = new HashSet<>();
        todo.push(root);
        long fetched = 0;
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid)) continue;
            boolean had = store.blockStore().has(cid);
            if (cid.codec() != Cid.DAG_PB) {
                if (!had) {
                    block(cid);
                    onBlock.accept(++fetched);
                }
                continue;
            }
            Block block = block(cid);
            if (!had) onBlock.accept(++fetched);
            List<DagPbLink> links = DagPbNode.decode(block.bytes()).links();
            for (int i = links.size() - 1; i >= 0; i--) todo.push(links.get(i).cid());
        }
        return fetched;
    }

    /** The network as a block store whose reads check the cancel flag and report progress. */
    private final class RemoteBlocks implements BlockStore {
        @Override
        public void put(Cid cid, byte[] block) {
            throw new UnsupportedOperationException("the network is read-only here");
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            if (cancel.getAsBoolean()) throw new InterruptedIOException("cancelled before fetching block " + cid);
            onRemote.accept(cid);
            return network.get(cid);
        }

        @Override
        public boolean has(Cid cid) {
            return false;
        }

        @Override
        public long sizeBytes() {
            throw new UnsupportedOperationException("the network's size is not known");
        }

        @Override
        public long blockCount() {
            throw new UnsupportedOperationException("the network's blocks cannot be counted");
        }

        @Override
        public String toString() {
            return network.toString();
        }
    }
}
