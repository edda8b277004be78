package dev.defl.engine.content;

import java.io.IOException;
import java.io.Serial;

/** A failure of the content layer: a missing block, a block that does not hash to its CID, a malformed DAG. */
public class ContentException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ContentException(String message) {
        super(message);
    }

    public ContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
