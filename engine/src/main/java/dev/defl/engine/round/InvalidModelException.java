package dev.defl.engine.round;

import java.io.IOException;

/**
 * A model fetched by CID is intact content but not a model of the task: not a safetensors file, or other tensor names
 * or shapes than the task's model. The message names what the model was (e.g. "update 2 (of 3) of round 1 from client
 * 0x…") and its CID.
 */
public final class InvalidModelException extends IOException {
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
