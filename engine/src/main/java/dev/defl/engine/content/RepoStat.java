package dev.defl.engine.content;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Figures of a content store, like {@code ipfs repo stat}.
 *
 * @param numObjects    number of stored blocks
 * @param repoSizeBytes total size of the stored blocks, in bytes (kubo's RepoSize also counts its
 *                      datastore and config files; this counts blocks only)
 * @param pinnedRoots   number of pins, recursive and direct (blocks under a recursive pin not counted)
 * @param path          the store's directory
 */
public record RepoStat(long numObjects, long repoSizeBytes, long pinnedRoots, Path path) {
    public RepoStat {
        Objects.requireNonNull(path, "path");
    }
}
