package dev.defl.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the scratch directories the benchmarks create. */
final class TempDirs {
    private TempDirs() {
    }

    /**
     * Deletes {@code root} and everything under it; nothing happens if it does not exist.
     *
     * @throws IOException if an entry cannot be deleted (the entries deleted before stay deleted)
     */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
