package dev.defl.engine.content;

import java.io.Serial;

/** An unpin of a CID that is not pinned (as a root; blocks under a recursive pin are not pins of their own). */
public class NotPinnedException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    /** "CID … is not pinned in {@code location}". */
    public NotPinnedException(Cid cid, String location) {
        super("CID " + cid + " is not pinned in " + location);
        this.cid = cid;
    }

    /** The CID that is not pinned. */
    public Cid cid() {
        return cid;
    }
}
