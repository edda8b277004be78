package dev.defl.engine.content;

import java.io.Serial;

/**
 * A file is larger than its reader accepts ({@link ContentStore#catBytes(Cid, long)}): content a peer chose cannot make
 * the reader allocate without bound. The message names the CID, what was read and the limit in bytes.
 */
public class ContentTooLargeException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;
    private final long limitBytes;

    /**
     * "file CID of what exceeds the limit of LIMIT bytes".
     *
     * @param cid        the file's root
     * @param what       what the file is, e.g. {@code "dataset manifest"}, or empty
     * @param limitBytes the most bytes the reader accepts
     */
    public ContentTooLargeException(Cid cid, String what, long limitBytes) {
        super((what == null || what.isEmpty() ? "file " : what + " ") + cid + " exceeds the limit of " + limitBytes + " bytes");
        this.cid = cid;
        this.limitBytes = limitBytes;
    }

    /** The file's root CID. */
    public Cid cid() {
        return cid;
    }

    /** The limit that was exceeded, in bytes. */
    public long limitBytes() {
        return limitBytes;
    }
}
