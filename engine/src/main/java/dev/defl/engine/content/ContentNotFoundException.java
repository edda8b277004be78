package dev.defl.engine.content;

import java.io.Serial;

/** No block for a CID in the store that was asked. */
public class ContentNotFoundException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    /** "no block for CID …". */
    public ContentNotFoundException(Cid cid) {
        super("no block for CID " + cid);
        this.cid = cid;
    }

    /**
     * "no block for CID … in {@code location}".
     *
     * @param location where it was looked for, e.g. the block store's directory
     */
    public ContentNotFoundException(Cid cid, String location) {
        super("no block for CID " + cid + " in " + location);
        this.cid = cid;
    }

    /** The CID that was not found. */
    public Cid cid() {
        return cid;
    }
}
