package dev.defl.engine.content;

import java.util.Objects;

/**
 * A link of a dag-pb node ({@code PBLink}).
 *
 * @param cid   the linked block
 * @param name  the link name; empty for the links of a UnixFS file
 * @param tsize cumulative size of the linked DAG in bytes: the encoded size of the linked block plus
 *              the {@code tsize} of all its links
 */
public record DagPbLink(Cid cid, String name, long tsize) {
    public DagPbLink {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
        if (tsize < 0) {
            throw new IllegalArgumentException("tsize must not be negative: " + tsize);
        }
    }
}
