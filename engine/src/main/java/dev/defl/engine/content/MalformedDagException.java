package dev.defl.engine.content;

import java.io.Serial;

/**
 * A block that is not what a UnixFS DAG may hold there: malformed dag-pb or UnixFS protobuf, an
 * unsupported codec or UnixFS type, or sizes that disagree with the children's content.
 */
public class MalformedDagException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;

    /** "block CID: problem". */
    public MalformedDagException(Cid cid, String problem) {
        super("block " + cid + ": " + problem);
        this.cid = cid;
    }

    /** The CID of the offending block. */
    public Cid cid() {
        return cid;
    }
}
