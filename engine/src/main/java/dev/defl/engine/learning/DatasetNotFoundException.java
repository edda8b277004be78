package dev.defl.engine.learning;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file or directory does not exist; the message names the path and, where known, how to install it. */
public final class DatasetNotFoundException extends IOException {
    private final transient Path path;

    public DatasetNotFoundException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The path that was looked for. */
    public Path path() {
        return path;
    }
}
