package dev.defl.engine.learning;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A peer chooses every field of a dataset manifest it publishes: sizes beyond {@link DatasetManifest}'s limits, and a
 * shard listed twice, are refused with the field and the limit named, before anything is sized from them. The
 * manifests are real files in a real embedded store, read the way {@code defl dataset preview CID} and
 * {@code defl run --dataset CID} read them.
 */
class DatasetManifestLimitsTest {
    @TempDir
    Path dir;

    private static DatasetSplit digits;

    @BeforeAll
    static void load() throws Exception {
        digits = Datasets.digits(1);
    }

    /** The digits published with 1000-row shards, then its manifest's JSON with {@code from} replaced by {@code to}, added to the store. */
    private Cid tampered(EmbeddedContentStore store, String from, String to) throws Exception {
        PublishedDataset p = DatasetPublisher.publish(digits, store, 1000);
        String json = new String(p.manifest().toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains(from);
        return store.add(json.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void previewOfAManifestDeclaringIntMaxClassesNamesTheLimitInsteadOfRunningOutOfMemory() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = tampered(store, "\"numClasses\":10", "\"numClasses\":2147483647");
        // what `defl dataset preview CID` does: load by CID, then count rows per class
        assertThatThrownBy(() -> Datasets.load("cid:" + cid, 5, DatasetOptions.defaults(), store).train().classCounts())
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset manifest " + cid)
                .hasMessageContaining("dataset manifest field numClasses = 2147483647 exceeds the limit 100000");
    }

    @Test
    void partitioningAManifestDeclaringIntMaxClassesNamesTheLimitInsteadOfRunningOutOfMemory() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = tampered(store, "\"numClasses\":10", "\"numClasses\":2147483647");
        // what `defl run --dataset CID` does before training: load by CID, partition, summarise class counts per client
        assertThatThrownBy(() -> {
            LabeledDataset train = Datasets.load(cid.toString(), 5, DatasetOptions.defaults(), store).train();
            int[][] parts = Partitioner.iid().partition(train, 3, 5);
            PartitionSummary.of(parts, train.labels(), train.numClasses());
        }).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset manifest field numClasses = 2147483647 exceeds the limit " + DatasetManifest.MAX_CLASSES);
    }

    @Test
    void featuresAndRowsBeyondTheirLimitsAreNamed() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid features = tampered(store, "\"numFeatures\":64", "\"numFeatures\":2147483647");
        assertThatThrownBy(() -> DatasetPublisher.fetch(features, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset manifest field numFeatures = 2147483647 exceeds the limit " + DatasetManifest.MAX_FEATURES);
        String json = "{\"format\":\"defl-dataset/1\",\"name\":\"x\",\"numClasses\":2,\"numFeatures\":65536,"
                + "\"train\":{\"rows\":2147483647,\"shards\":[{\"cid\":\"" + Cid.of(1, Cid.RAW, new byte[0]) + "\",\"rows\":2147483647}]},"
                + "\"test\":{\"rows\":0,\"shards\":[]}}";
        assertThatThrownBy(() -> DatasetManifest.parse(json.getBytes(StandardCharsets.UTF_8), "manifest m"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("manifest m: dataset manifest field train.rows × numFeatures = 140737488289792 exceeds the limit "
                        + DatasetManifest.MAX_PART_VALUES);
    }

    @Test
    void aShardListedTwiceIsRefused() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        PublishedDataset p = DatasetPublisher.publish(digits, store, 1000);
        String first = p.manifest().train().shards().get(0).cid();
        String second = p.manifest().train().shards().get(1).cid();
        String json = new String(p.manifest().toJson(), StandardCharsets.UTF_8)
                .replace("{\"cid\":\"" + second + "\",\"rows\":437}", "{\"cid\":\"" + first + "\",\"rows\":437}");
        Cid cid = store.add(json.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DatasetPublisher.fetch(cid, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset manifest " + cid)
                .hasMessageContaining("train.shards[1] lists shard " + first + ", which train.shards[0] already lists");
    }

    @Test
    void aManifestLargerThanItsLimitIsRefusedWithoutReadingItWhole() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        byte[] big = new byte[DatasetManifest.MAX_MANIFEST_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        Cid cid = store.add(big);
        assertThatThrownBy(() -> DatasetPublisher.fetch(cid, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset manifest " + cid + " is larger than the limit of " + DatasetManifest.MAX_MANIFEST_BYTES + " bytes");
    }
}
