package dev.defl.app;

import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The workspace a command works in: {@code --data-dir} (content store, keys, recorded deployment; falling back to the
 * top-level {@code defl --data-dir}, then the default) and its chain, the embedded anvil or {@code --rpc-url} checked
 * against {@code --chain-id}.
 */
final class WorkspaceOption {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Content store and chain state.")
    Path dataDir;

    @Option(names = {"--chain", "--rpc-url"}, paramLabel = "URL",
            description = "Use this Ethereum JSON-RPC endpoint instead of starting the embedded anvil "
                    + "(--chain and --rpc-url are the same option).")
    String rpcUrl;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
            description = "With --rpc-url: the chain id the endpoint must report (eth_chainId); 0 accepts any.")
    long chainId;

    /** The data directory: {@code --data-dir}, else {@code root}'s, else {@link DataDirectory#defaultPath()}. */
    Path dir(DeflCommand root) {
        return dataDir != null ? dataDir : root.window.dataDir != null ? root.window.dataDir : DataDirectory.defaultPath();
    }

    /**
     * Opens the workspace for reading (verify): as {@link #open}, but while another process holds the data directory
     * a reader on that process's chain ({@link Workspace#openForReading}).
     *
     * @throws IOException when the data directory is missing or held by a process without a chain, anvil cannot start,
     *     or the endpoint reports another chain id
     */
    Workspace openForReading(DeflCommand root) throws IOException {
        return rpcUrl != null ? open(root) : Workspace.openForReading(dir(root));
    }

    /**
     * Opens the workspace on the embedded chain, or on {@code --rpc-url}.
     *
     * @throws IOException when the data directory is in use, anvil cannot start, or the endpoint reports another chain id
     */
    Workspace open(DeflCommand root) throws IOException {
        Path dir = dir(root);
        return rpcUrl != null ? Workspace.openWithChain(dir, ChainSettings.of(rpcUrl).withExpectedChainId(chainId))
                : Workspace.openEmbedded(dir);
    }
}
