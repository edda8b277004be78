package dev.defl.engine.learning;

import dev.defl.engine.content.Cid;

import java.util.Objects;

/**
 * A dataset added to a content store by {@link DatasetPublisher#publish}.
 *
 * @param manifestCid CID of the manifest file; {@link DatasetPublisher#fetch} reads the dataset back from it
 * @param manifest    the manifest
 */
public record PublishedDataset(Cid manifestCid, DatasetManifest manifest) {
    public PublishedDataset {
        Objects.requireNonNull(manifestCid, "manifestCid");
        Objects.requireNonNull(manifest, "manifest");
    }
}
