package dev.defl.engine.round;

import dev.defl.engine.content.ContentException;

/**
 * A model could not be read from the content store: missing ({@link dev.defl.engine.content.ContentNotFoundException}
 * as the cause), a block failing hash verification ({@link dev.defl.engine.content.BlockVerificationException}), not a
 * UnixFS file ({@link dev.defl.engine.content.MalformedDagException}), larger than the task's model file limit, or an
 * I/O failure. The message names what the model was and its CID; {@link #getCause()} tells which.
 */
public final class ModelUnavailableException extends ContentException {
    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
