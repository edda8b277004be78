package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;

import java.util.Objects;

/**
 * One node of the DAG inspector: a block of a UnixFS DAG as read from the store.
 *
 * @param cid       the block's CID
 * @param name      the name of the dag-pb link that led here (UnixFS files: empty), or empty for the root
 * @param sizeBytes file bytes under this node: the UnixFS {@code filesize} of a dag-pb node (else the link's
 *                  {@code tsize}), the block length of a raw leaf
 * @param linkCount number of dag-pb links (0 for a raw leaf)
 */
public record DagNode(Cid cid, String name, long sizeBytes, int linkCount) {
    public DagNode {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
    }

    /** {@code raw}, {@code dag-pb}, or the multicodec number in hex. */
    public String codecName() {
        return IpfsViewModel.codecName(cid.codec());
    }

    /** Whether the node has no children to expand. */
    public boolean isLeaf() {
        return linkCount == 0;
    }
}
