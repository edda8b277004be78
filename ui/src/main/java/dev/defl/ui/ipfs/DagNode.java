package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;

import java.util.Objects;

/**
 * One node of the DAG inspector: a block of a UnixFS DAG as read from the store or through the network.
 *
 * @param cid       the block's CID
 * @param name      the name of the dag-pb link that led here (UnixFS files: empty), or empty for the root
 * @param sizeBytes file bytes under this node: the UnixFS {@code filesize} of a dag-pb node (else the link's
 *                  {@code tsize}), the block length of a raw leaf (the link's {@code tsize} when not fetched)
 * @param linkCount number of dag-pb links (0 for a raw leaf)
 * @param origin    where the block was read: {@link #LOCAL} (the embedded store), the base URL of the endpoint
 *                  that delivered it (verified, then kept in the store unpinned), {@link #NETWORK} when the
 *                  endpoint is not known, or {@link #NOT_FETCHED} for a raw leaf the store lacks that was
 *                  listed from its parent's link without being fetched
 */
public record DagNode(Cid cid, String name, long sizeBytes, int linkCount, String origin) {
    /** Origin of a block read from the embedded store. */
    public static final String LOCAL = "";
    /** Origin of a block fetched through the endpoints when the delivering endpoint is not known. */
    public static final String NETWORK = "network";
    /** Origin of a raw leaf the store lacks, described from its parent's link and not fetched yet. */
    public static final String NOT_FETCHED = "not fetched";

    public DagNode {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
    }

    /** A node read from the embedded store. */
    public DagNode(Cid cid, String name, long sizeBytes, int linkCount) {
        this(cid, name, sizeBytes, linkCount, LOCAL);
    }

    /** The node's CID as text (what a view shows). */
    public String cidText() {
        return cid.toString();
    }

    /** {@code raw}, {@code dag-pb}, or the multicodec number in hex. */
    public static String codecName(long codec) {
        if (codec == Cid.RAW) return "raw";
        if (codec == Cid.DAG_PB) return "dag-pb";
        return "0x" + Long.toHexString(codec);
    }

    /** This node's codec as {@link #codecName(long)} names it. */
    public String codecName() {
        return codecName(cid.codec());
    }

    /** Whether the node has no children to expand. */
    public boolean isLeaf() {
        return linkCount == 0;
    }

    /** Whether the block came from the network (fetched now, or still to be fetched), not the store. */
    public boolean isRemote() {
        return !origin.equals(LOCAL);
    }

    /** "" for the store, "from 127.0.0.1:5001" for an endpoint, "not fetched" for a leaf not read yet. */
    public String originText() {
        if (origin.equals(LOCAL)) return "";
        if (origin.equals(NETWORK) || origin.equals(NOT_FETCHED)) return origin.equals(NETWORK) ? "from the network" : NOT_FETCHED;
        try {
            java.net.URI uri = java.net.URI.create(origin);
            return "from " + (uri.getAuthority() != null ? uri.getAuthority() : origin);
        } catch (IllegalArgumentException e) {
            return "from " + origin;
        }
    }
}
