package dev.defl.engine.learning;

import dev.defl.engine.content.EmbeddedContentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A published dataset whose shards hold NaN or ±Inf is refused when it is read back, naming the shard's CID, the
 * tensor and the row, rather than loaded and blamed later on the first model update that trained on it.
 */
class PublishedDatasetValuesTest {
    @TempDir
    Path dir;

    /** {@code n} rows of 3 features, labels alternating 0/1; regression targets when {@code targets}. */
    private static LabeledDataset rows(String name, int n, boolean targets) {
        float[] x = new float[n * 3];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.5f;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 2;
        float[] t = null;
        if (targets) {
            t = new float[n];
            for (int i = 0; i < n; i++) t[i] = 10 + i;
        }
        return new LabeledDataset(name, x, y, 3, 2, null, "test", t);
    }

    @Test
    void aNaNFeatureIsNamedByShardTensorRowAndColumn() throws Exception {
        LabeledDataset train = rows("t/train", 10, false);
        train.features()[6 * 3 + 2] = Float.NaN; // row 6 = row 2 of the second 4-row shard
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        PublishedDataset p = DatasetPublisher.publish(new DatasetSplit(train, rows("t/test", 4, false)), store, 4);
        String shard = p.manifest().train().shards().get(1).cid();
        assertThatThrownBy(() -> DatasetPublisher.fetch(p.manifestCid(), store))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("shard " + shard + " (train)").hasMessageContaining(p.manifestCid().toString())
                .hasMessageContaining("tensor 'features' holds NaN at row 2 (row 6 of train), column 2");
        assertThatThrownBy(() -> Datasets.load("cid:" + p.manifestCid(), 1, DatasetOptions.defaults(), store))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(shard);
    }

    @Test
    void anInfiniteTargetIsNamedToo() throws Exception {
        LabeledDataset test = rows("t/test", 5, true);
        test.targets()[4] = Float.NEGATIVE_INFINITY;
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        PublishedDataset p = DatasetPublisher.publish(new DatasetSplit(rows("t/train", 8, true), test), store, 100);
        String shard = p.manifest().test().shards().getFirst().cid();
        assertThatThrownBy(() -> DatasetPublisher.fetch(p.manifestCid(), store))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("shard " + shard + " (test)")
                .hasMessageContaining("tensor 'targets' holds -Infinity at row 4 (row 4 of test)");
    }

    @Test
    void finiteDataStillRoundTrips() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        DatasetSplit data = new DatasetSplit(rows("t/train", 9, true), rows("t/test", 3, true));
        PublishedDataset p = DatasetPublisher.publish(data, store, 4);
        assertThat(DatasetPublisher.fetch(p.manifestCid(), store).train().targets()).isEqualTo(data.train().targets());
    }
}
