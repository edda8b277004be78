package dev.defl.engine.content;

import java.util.List;

/**
 * A dag-pb UnixFS file node decoded and checked the one way both readers of a file need it ({@link UnixFsExporter},
 * whole; {@link UnixFsRangeReader}, a byte range): codec, depth, node type, the filesize against what its parent
 * allows, and the blocksizes (one per link, none zero, adding up with the node's own data to its filesize; a leaf's
 * data must be its filesize). A node with links but no blocksizes only has its data checked against its filesize
 * here; what its links hold is learned by walking them. Format: the UnixFS spec (github.com/ipfs/specs, UNIXFS.md), dag-pb (ipld/specs, dag-pb.md).
 *
 * @param links      the node's links, in order
 * @param blockSizes bytes under each link, or empty when the node does not say
 * @param unixFs     the node's UnixFS data (type, filesize, its own bytes)
 */
record UnixFsFileNode(List<DagPbLink> links, List<Long> blockSizes, UnixFsData unixFs) {

    /** The node's filesize, bytes. */
    long fileSize() {
        return unixFs.fileSize();
    }

    /** Whether the node gives a blocksize per link (so also a leaf: no links, no blocksizes). */
    boolean sizesPerLink() {
        return blockSizes.size() == links.size();
    }

    /**
     * Decodes and checks {@code block}, the block of {@code cid} ({@code depth} levels below the root), which its
     * parent allows at most {@code declared} bytes ({@link Long#MAX_VALUE} for the root).
     *
     * @throws MalformedDagException naming {@code cid} and what is wrong: too deep, not dag-pb, undecodable, not a
     *     file, larger than allowed, blocksizes that do not match the links or do not add up to the filesize
     */
    static UnixFsFileNode decode(Cid cid, byte[] block, long declared, int depth) throws MalformedDagException {
        if (depth > UnixFsExporter.MAX_DEPTH) {
            throw new MalformedDagException(cid, "DAG deeper than " + UnixFsExporter.MAX_DEPTH + " levels");
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
        long fileSize = unixFs.fileSize();
        if (fileSize > declared) {
            throw new MalformedDagException(cid, "declares filesize " + fileSize + " but its parent allows at most " + declared);
        }
        if (sizesPerLink) {
            long sum = unixFs.dataLength();
            for (int i = 0; i < blockSizes.size(); i++) {
                if (blockSizes.get(i) == 0) throw new MalformedDagException(cid, "link " + i + " declares 0 bytes (a link must hold content)");
                sum += blockSizes.get(i);
                if (sum < 0 || sum > fileSize) break;
            }
            if (sum != fileSize) {
                throw new MalformedDagException(cid, "declares filesize " + fileSize + " but its data and blocksizes add up to "
                        + (sum < 0 || sum > fileSize ? "more" : Long.toString(sum)));
            }
        } else if (unixFs.dataLength() > fileSize) {
            throw new MalformedDagException(cid, "holds " + unixFs.dataLength() + " bytes of data but declares filesize " + fileSize);
        }
        return new UnixFsFileNode(links, blockSizes, unixFs);
    }
}
