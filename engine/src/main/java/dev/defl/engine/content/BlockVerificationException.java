package dev.defl.engine.content;

import java.io.Serial;

/** A block that does not hash to the CID it was stored or requested under. */
public class BlockVerificationException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Cid expected;
    private final String source;

    /**
     * "block from {@code source} does not hash to CID {@code expected}".
     *
     * @param expected the CID the block should hash to
     * @param source   where the block came from: a file path, a URL, "caller"
     */
    public BlockVerificationException(Cid expected, String source) {
        super("block from " + source + " does not hash to CID " + expected);
        this.expected = expected;
        this.source = source;
    }

    /** The CID the block should have hashed to. */
    public Cid expected() {
        return expected;
    }

    /** Where the block came from. */
    public String source() {
        return source;
    }
}
