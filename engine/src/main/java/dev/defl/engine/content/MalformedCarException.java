package dev.defl.engine.content;

import java.io.Serial;

/**
 * A CAR file that does not follow the CARv1 format: a bad or truncated varint, a header that is not
 * the DAG-CBOR map {@code {roots: [CID…], version: 1}}, a malformed CID or a truncated section.
 * The message names the file and the byte offset (from the start of the file) where reading failed.
 */
public class MalformedCarException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String carName;
    private final long offset;

    /**
     * "CAR file {@code carName} at byte {@code offset}: {@code problem}".
     *
     * @param carName the file's name or path, as the user knows it
     * @param offset  byte offset from the start of the file where the problem was found
     * @param problem what is wrong
     */
    public MalformedCarException(String carName, long offset, String problem) {
        super("CAR file " + carName + " at byte " + offset + ": " + problem);
        this.carName = carName;
        this.offset = offset;
    }

    /** The file's name or path. */
    public String carName() {
        return carName;
    }

    /** Byte offset from the start of the file where reading failed. */
    public long offset() {
        return offset;
    }
}
