package dev.defl.engine.protocol;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A peer's working environment under one data directory: the embedded content store
 * ({@code DIR/ipfs}) and a chain — by default a managed local anvil whose state lives in
 * {@code DIR/chain/anvil-state.json}, or any JSON-RPC endpoint.
 *
 * <p>The CLI and the window both open one workspace and run experiments in it.
 */
public final class Workspace implements AutoCloseable {

    private final Path dataDir;
    private final DataDirLock lock;
    private final EmbeddedContentStore content;
    private final AnvilProcess anvil; // null when the chain is external
    private final ChainConnection chain;

    private Workspace(Path dataDir, DataDirLock lock, EmbeddedContentStore content, AnvilProcess anvil,
                      ChainConnection chain) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.content = content;
        this.anvil = anvil;
        this.chain = chain;
    }

    /**
     * Opens the workspace with the embedded defaults: the content store under {@code dataDir/ipfs}
     * and a local anvil on 127.0.0.1 (random free port) persisting to {@code dataDir/chain}.
     *
     * @throws IOException               if the directory cannot be created, is in use by another workbench
     *                                   process, or anvil cannot be found or started
     * @throws ChainUnavailableException if anvil started but does not answer JSON-RPC
     */
    public static Workspace openEmbedded(Path dataDir) throws IOException {
        Path dir = createDataDir(dataDir);
        DataDirLock lock = DataDirLock.acquire(dir);
        AnvilProcess anvil = null;
        try {
            EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
            Path chainDir = Files.createDirectories(dir.resolve("chain"));
            anvil = AnvilProcess.start(chainDir.resolve("anvil-state.json"), 0);
            return new Workspace(dir, lock, store, anvil, ChainConnection.connect(anvil.rpcUrl()));
        } catch (IOException | RuntimeException e) {
            if (anvil != null) anvil.close();
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the workspace on an existing chain at {@code rpcUrl} (e.g. an anvil or a private chain
     * with the dev chain's funded accounts).
     *
     * @throws IOException               if the directory cannot be created or is in use by another workbench process
     * @throws ChainUnavailableException if nothing answers JSON-RPC at {@code rpcUrl}
     */
    public static Workspace openWithChain(Path dataDir, String rpcUrl) throws IOException {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Path dir = createDataDir(dataDir);
        DataDirLock lock = DataDirLock.acquire(dir);
        try {
            EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
            return new Workspace(dir, lock, store, null, ChainConnection.connect(rpcUrl));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Path createDataDir(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir + " is a file, not a directory");
        }
        return Files.createDirectories(dir);
    }

    /** The data directory (absolute). */
    public Path dataDir() {
        return dataDir;
    }

    /** The embedded content store. */
    public ContentStore content() {
        return content;
    }

    /** The embedded content store with its pin, GC and block-level operations (the window's IPFS pane). */
    public EmbeddedContentStore embeddedContent() {
        return content;
    }

    /** The chain connection. */
    public ChainConnection chain() {
        return chain;
    }

    /** True when this workspace started and owns the chain process. */
    public boolean managesChain() {
        return anvil != null;
    }

    /**
     * A status snapshot; performs one JSON-RPC call, so call it off the UI thread.
     * The block number is -1 when the chain does not answer.
     */
    public WorkspaceStatus status() {
        long block;
        try {
            block = chain.blockNumber();
        } catch (RuntimeException e) {
            block = -1;
        }
        return new WorkspaceStatus(chain.rpcUrl(), block, content.root(), content.sizeBytes(), content.blockCount(),
                LocalTrainer.deviceDescription());
    }

    /** Closes the chain connection and stops the managed anvil with SIGTERM, so its state is written. */
    @Override
    public void close() {
        try {
            chain.close();
        } finally {
            try {
                if (anvil != null) anvil.close();
            } finally {
                lock.close();
            }
        }
    }
}
