package dev.defl.engine.learning;

import java.io.IOException;

/** A dataset file exists but its content is malformed; the message names the file and where (byte, line, column). */
public final class DatasetFormatException extends IOException {
    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
