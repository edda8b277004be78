package dev.defl.engine.content;

import java.io.Serial;

/** {@link EmbeddedContentStore#gc()} refused to run because live work holds a lease; nothing was deleted. */
public final class GcRefusedException extends ContentException {
    @Serial
    private static final long serialVersionUID = 1L;

    public GcRefusedException(String message) {
        super(message);
    }
}
