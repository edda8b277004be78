package dev.defl.engine.content.kubo;

/**
 * A node's repository statistics ({@code /api/v0/repo/stat}).
 *
 * @param repoSizeBytes   bytes the repository takes on disk
 * @param storageMaxBytes configured storage limit in bytes ({@code Datastore.StorageMax})
 * @param numObjects      number of blocks stored
 * @param repoPath        the repository's directory on the node's machine
 * @param version         repository format version, e.g. {@code fs-repo@12}
 */
public record RepoStat(long repoSizeBytes, long storageMaxBytes, long numObjects, String repoPath, String version) {
}
