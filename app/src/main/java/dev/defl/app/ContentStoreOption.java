package dev.defl.app;

import dev.defl.engine.content.CachingBlockStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.workspace.DataDirLock;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --data-dir} option of the content commands and the embedded store it names,
 * {@code <data-dir>/ipfs}. Falls back to the top-level {@code defl --data-dir}, then to
 * {@link DataDirectory#defaultPath()}.
 */
final class ContentStoreOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Content store and chain state.")
    Path dataDir;

    /** {@code <data-dir>/ipfs}. */
    Path storeDirectory() {
        Path dir = dataDir;
        if (dir == null && mixee.root().userObject() instanceof DeflCommand root) dir = root.window.dataDir;
        if (dir == null) dir = DataDirectory.defaultPath();
        return dir.resolve("ipfs");
    }

    /**
     * The store, which must already exist (reading commands).
     *
     * @throws IllegalArgumentException naming the directory if there is no store there
     */
    EmbeddedContentStore openExisting() throws IOException {
        Path storeDir = storeDirectory();
        if (!Files.isDirectory(storeDir)) {
            throw new IllegalArgumentException("no content store at " + storeDir + " (wrong --data-dir?)");
        }
        // a reader: another process may hold the directory and be writing (its temporary files are not leftovers)
        return EmbeddedContentStore.openShared(storeDir, ImportProfile.CIDV1_RAW_LEAVES, cacheCapacityBytes());
    }

    /**
     * The store opened by a writing command, with the data directory's writer lock held until {@link #close()}.
     *
     * @param store the embedded store
     * @param lock  the data directory's lock ({@link DataDirLock})
     */
    record Writable(EmbeddedContentStore store, DataDirLock lock) implements AutoCloseable {
        @Override
        public void close() {
            lock.close();
        }
    }

    /**
     * The store for a writing command ({@code add}, {@code pin}, {@code gc}, {@code car import}, …), created if missing,
     * adding with {@code profile}, under the data directory's writer lock: a GC never races another process's writes.
     *
     * @throws dev.defl.engine.workspace.DataDirInUseException naming the process that holds the data directory
     * @throws IOException when the directory or the store cannot be created
     */
    Writable openForWriting(ImportProfile profile) throws IOException {
        Path dir = Files.createDirectories(storeDirectory().getParent());
        DataDirLock lock = DataDirLock.acquire(dir, "defl " + commandName(), true);
        try {
            return new Writable(openLocked(profile), lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * As {@link #openForWriting}, for a store that must already exist ({@code gc}, {@code pin}).
     *
     * @throws IllegalArgumentException naming the directory if there is no store there
     */
    Writable openExistingForWriting() throws IOException {
        openExisting(); // names a missing store
        return openForWriting(ImportProfile.CIDV1_RAW_LEAVES);
    }

    private String commandName() {
        String qualified = mixee.qualifiedName(" ");
        return qualified.startsWith("defl ") ? qualified.substring(5) : qualified;
    }

    /**
     * The store, created if missing, without the data directory's lock (cat --ipfs, which keeps nothing): it leaves
     * other processes' temporary files alone. Writing commands use {@link #openForWriting}.
     */
    EmbeddedContentStore openOrCreate(ImportProfile profile) throws IOException {
        return EmbeddedContentStore.openShared(storeDirectory(), profile, cacheCapacityBytes());
    }

    private EmbeddedContentStore openLocked(ImportProfile profile) throws IOException {
        return new EmbeddedContentStore(storeDirectory(), profile, cacheCapacityBytes());
    }

    /**
     * The block cache's capacity in bytes: the default (64 MiB), or a quarter of the maximum heap if that
     * is less, so that a CLI run with a small heap ({@code -Xmx64m}) streams instead of filling the heap
     * with cached blocks.
     */
    static long cacheCapacityBytes() {
        return Math.min(CachingBlockStore.DEFAULT_CAPACITY_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }
}
