package dev.defl.engine.workspace;

import java.nio.file.Path;

/**
 * A snapshot of the workspace for a status bar.
 *
 * @param rpcUrl         JSON-RPC URL of the chain
 * @param blockNumber    latest block number, or -1 when the chain did not answer
 * @param storePath      directory of the embedded block store
 * @param storeSizeBytes bytes of blocks in the store
 * @param blockCount     number of blocks in the store
 * @param device         training device, e.g. {@code "CPU"}
 */
public record WorkspaceStatus(String rpcUrl, long blockNumber, Path storePath, long storeSizeBytes, long blockCount,
                              String device) {}
