package dev.defl.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** The check of commands that only read a data directory: it must exist already, and they never create it. */
final class ExistingDataDirectory {

    private ExistingDataDirectory() {}

    /**
     * Returns {@code dir} if it is an existing directory.
     *
     * @throws IllegalArgumentException naming {@code dir} if it does not exist or is not a directory
     */
    static Path require(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("no data directory " + dir.toAbsolutePath()
                    + " (wrong --data-dir? it is created by `defl run`, `defl add` or the window, not by a reading command)");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("data directory " + dir.toAbsolutePath() + " is not a directory");
        }
        return dir;
    }
}
