package dev.defl.app;

import dev.defl.engine.content.CachingBlockStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.ImportProfile;
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
        if (dir == null && mixee.root().userObject() instanceof DeflCommand root) dir = root.dataDir;
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
        return new EmbeddedContentStore(storeDir, ImportProfile.CIDV1_RAW_LEAVES, cacheCapacityBytes());
    }

    /** The store, created if missing (writing commands), adding with {@code profile}. */
    EmbeddedContentStore openOrCreate(ImportProfile profile) throws IOException {
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
