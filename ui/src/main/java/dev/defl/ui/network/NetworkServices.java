package dev.defl.ui.network;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.network.NetworkSettings;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the Network pane needs from the app: the peer's data directory (network.json, transaction journal, node
 * checkpoints), its embedded content store (published to the network's IPFS endpoints while a session is open) and a
 * loader of a client's dataset.
 *
 * @param dataDir  the workspace's data directory
 * @param store    the workspace's embedded content store (never closed by the pane)
 * @param datasets loads what {@code defl node --dataset} takes (built-in name, path, or a published dataset's CID)
 *                 seeded by the task seed; called on a background thread
 */
public record NetworkServices(Path dataDir, EmbeddedContentStore store, ClientDatasets datasets) {

    /** Loads a dataset by spec for a task: its training and test rows. */
    @FunctionalInterface
    public interface ClientDatasets {
        /**
         * @param spec    {@code digits}, {@code boston}, {@code fashion-mnist}, a CSV / IDX path, an image folder, or a
         *                dataset manifest CID
         * @param seed    the task seed (train/test split of files without one)
         * @param content where a CID is fetched from (the session's network content)
         * @throws Exception naming the file, line or CID that could not be read
         */
        DatasetSplit load(String spec, long seed, ContentStore content) throws Exception;
    }

    public NetworkServices {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(datasets, "datasets");
    }

    /** {@code <dataDir>/network.json}. */
    public Path settingsFile() {
        return NetworkSettings.fileIn(dataDir);
    }
}
