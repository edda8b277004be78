package dev.defl.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before a long command starts, that a file it writes only at the end can be written. */
final class OutputFiles {

    private OutputFiles() {}

    /**
     * Checks that {@code file} can be written: it is not a directory, is writable if it exists, and its nearest
     * existing ancestor directory is a writable directory (directories missing below it can then be created).
     * Creates nothing.
     *
     * @param option the option that named the file, for the message, e.g. {@code --report}
     * @throws IllegalArgumentException naming the option, the file and what is in the way
     */
    static void requireWritable(Path file, String option) {
        Path absolute = file.toAbsolutePath().normalize();
        String named = option + " " + file;
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(named + " is a directory, not a file");
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException(named + " is not writable");
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new IllegalArgumentException(named + " cannot be written: no existing directory above it");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new IllegalArgumentException(named + " cannot be written: " + ancestor + " is not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new IllegalArgumentException(named + " cannot be written: directory " + ancestor + " is not writable");
        }
    }
}
