package dev.defl.engine.learning;

import java.io.IOException;

/** Bytes that are not a valid safetensors file (F32 tensors only); the message says what is wrong and where. */
public final class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(String message) {
        super(message);
    }

    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
