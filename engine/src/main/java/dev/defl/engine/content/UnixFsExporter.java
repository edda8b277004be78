package dev.defl.engine.content;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Reads a UnixFS file back out of a {@link BlockStore}: walks the DAG depth-first in link order and
 * writes the content of its leaves. Every block is read through the store, so every block is
 * hash-verified against its CID.
 *
 * <p>Supported blocks: raw (codec 0x55) leaves, and dag-pb (0x70) nodes whose UnixFS type is File or
 * Raw, holding content in their Data field (written first) and/or in their links. The sizes the
 * nodes declare are checked against what their children produce.
 * Source: <a href="https://specs.ipfs.tech/unixfs/">UnixFS specification</a>.
 */
public final class UnixFsExporter {
    /** Deepest DAG walked; a balanced DAG of 174-link nodes reaches 2^63 bytes far sooner. */
    private static final int MAX_DEPTH = 64;

    private final BlockStore store;

    public UnixFsExporter(BlockStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes the content of the file {@code root} to {@code out} (not closed).
     *
     * @return the number of bytes written
     * @throws ContentNotFoundException   if a block of the DAG is missing
     * @throws BlockVerificationException if a block does not hash to its CID
     * @throws MalformedDagException      for an unsupported codec, malformed dag-pb or UnixFS data, a
     *                                    UnixFS type that is not a file, or sizes that disagree (names the CID)
     * @throws IOException                if reading a block or writing {@code out} fails
     */
    public long cat(Cid root, OutputStream out) throws IOException {
        return write(root, out, 0);
    }

    private long write(Cid cid, OutputStream out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedDagException(cid, "DAG deeper than " + MAX_DEPTH + " levels");
        }
        byte[] block = store.get(cid);
        if (cid.codec() == Cid.RAW) {
            out.write(block);
            return block.length;
        }
        if (cid.codec() != Cid.DAG_PB) {
            throw new MalformedDagException(cid, "unsupported codec 0x" + Long.toHexString(cid.codec())
                    + " in a UnixFS file (expected raw 0x55 or dag-pb 0x70)");
        }
        DagPbNode node;
        UnixFsData unixFs;
        try {
            node = DagPbNode.decode(block);
            unixFs = UnixFsData.decode(node.data());
        } catch (IllegalArgumentException e) {
            throw new MalformedDagException(cid, "malformed dag-pb/UnixFS: " + e.getMessage());
        }
        if (unixFs.type() != UnixFsData.Type.FILE && unixFs.type() != UnixFsData.Type.RAW) {
            throw new MalformedDagException(cid, "UnixFS type " + unixFs.type() + " is not a file");
        }
        List<DagPbLink> links = node.links();
        List<Long> blockSizes = unixFs.blockSizes();
        boolean sizesPerLink = blockSizes.size() == links.size();
        if (!blockSizes.isEmpty() && !sizesPerLink) {
            throw new MalformedDagException(cid, "has " + links.size() + " links but " + blockSizes.size() + " blocksizes");
        }
        out.write(unixFs.data());
        long written = unixFs.dataLength();
        for (int i = 0; i < links.size(); i++) {
            Cid child = links.get(i).cid();
            long childBytes = write(child, out, depth + 1);
            if (sizesPerLink && childBytes != blockSizes.get(i)) {
                throw new MalformedDagException(cid, "link " + i + " (" + child + ") holds " + childBytes
                        + " bytes but the node declares " + blockSizes.get(i));
            }
            written += childBytes;
        }
        if (written != unixFs.fileSize()) {
            throw new MalformedDagException(cid, "holds " + written + " bytes but declares filesize " + unixFs.fileSize());
        }
        return written;
    }
}
