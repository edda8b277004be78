package dev.defl.app;

import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The chain a {@code defl chain} command reads: {@code --rpc-url URL}, or the data directory's
 * embedded dev chain (anvil restarted from its saved state; the data directory must not be open
 * in a window at the same time).
 */
final class ChainOption {
    @Option(names = {"--chain", "--rpc-url"}, paramLabel = "URL",
            description = "JSON-RPC endpoint to read (default: the data directory's embedded dev chain; --chain and "
                    + "--rpc-url are the same option).")
    String rpcUrl;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
            description = "With --rpc-url: the chain id the endpoint must report (eth_chainId); 0 accepts any.")
    long chainId;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: as for defl).")
    Path dataDir;

    /** A chain opened for one command: the connection and what must be closed with it. */
    record Opened(ChainConnection chain, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    /** The data directory: {@code --data-dir}, else {@code root}'s, else the default. */
    Path dir(DeflCommand root) {
        return dataDir != null ? dataDir : root.window.dataDir != null ? root.window.dataDir : DataDirectory.defaultPath();
    }

    /**
     * Opens the chain.
     *
     * @throws IllegalArgumentException naming the data directory when it does not exist (it is not created)
     * @throws IOException when the data directory is held by a process that serves no chain, or anvil cannot start
     */
    Opened open(DeflCommand root) throws IOException {
        if (rpcUrl != null) {
            ChainConnection chain = ChainConnection.connect(ChainSettings.of(rpcUrl).withExpectedChainId(chainId));
            return new Opened(chain, chain);
        }
        Path dir = dir(root);
        ExistingDataDirectory.require(dir); // a reader must not create the data directory
        Workspace workspace = Workspace.openForReading(dir);
        return new Opened(workspace.chain(), workspace);
    }
}
