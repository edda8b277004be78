package dev.defl.engine.content;

import java.io.Serial;

/**
 * A ranged read ({@link UnixFsRangeReader}) asked for bytes beyond the end of a file. The message names the file, the
 * range and the file's size in bytes.
 */
public class RangeOutOfBoundsException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    /** "file CID: bytes [offset, offset + length) are past the end of its SIZE bytes". */
    public RangeOutOfBoundsException(Cid cid, long offset, long length, long size) {
        super("file " + cid + ": bytes [" + offset + ", " + (offset + length) + ") are past the end of its " + size + " bytes");
        this.cid = cid;
    }

    /** The file's root CID. */
    public Cid cid() {
        return cid;
    }
}
