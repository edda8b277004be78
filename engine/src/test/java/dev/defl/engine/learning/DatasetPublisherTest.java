package dev.defl.engine.learning;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publishing the bundled digits to a real embedded content store on disk and fetching them back by CID. */
class DatasetPublisherTest {
    @TempDir
    Path dir;

    private static DatasetSplit digits;

    @BeforeAll
    static void load() throws Exception {
        digits = Datasets.digits(1);
    }

    @Test
    void publishThenFetchRoundTripsBitExactly() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        PublishedDataset p = DatasetPublisher.publish(digits, store, 500);

        DatasetManifest m = p.manifest();
        assertThat(m.format()).isEqualTo("defl-dataset/1");
        assertThat(m.name()).isEqualTo("digits");
        assertThat(m.train().rows()).isEqualTo(1437);
        assertThat(m.train().shards()).extracting(DatasetManifest.Shard::rows).containsExactly(500, 500, 437);
        assertThat(m.test().shards()).extracting(DatasetManifest.Shard::rows).containsExactly(360);

        DatasetSplit back = DatasetPublisher.fetch(p.manifestCid(), store);
        for (String part : List.of("train", "test")) {
            LabeledDataset a = part.equals("train") ? digits.train() : digits.test();
            LabeledDataset b = part.equals("train") ? back.train() : back.test();
            assertThat(b.name()).isEqualTo("digits/" + part);
            assertThat(b.features()).as(part).isEqualTo(a.features());
            assertThat(b.labels()).as(part).isEqualTo(a.labels());
            assertThat(b.numFeatures()).isEqualTo(64);
            assertThat(b.numClasses()).isEqualTo(10);
            assertThat(b.imageShape()).containsExactly(8, 8);
            assertThat(b.preprocessing()).isEqualTo(a.preprocessing());
        }
    }

    @Test
    void aRegressionDatasetKeepsItsRealValuedTargets() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        DatasetSplit boston = Datasets.boston(1);
        PublishedDataset p = DatasetPublisher.publish(boston, store, 150);

        DatasetSplit back = DatasetPublisher.fetch(p.manifestCid(), store);
        assertThat(back.train().isRegression()).isTrue();
        assertThat(back.train().targets()).isEqualTo(boston.train().targets());
        assertThat(back.test().targets()).isEqualTo(boston.test().targets());
        assertThat(back.train().labels()).isEqualTo(boston.train().labels());
        assertThat(DatasetPublisher.fetch(DatasetPublisher.publish(digits, store, 500).manifestCid(), store).train().targets())
                .as("classification shards carry no targets").isNull();
    }

    @Test
    void theManifestIsSortedCompactJsonWithoutTimestamps() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        PublishedDataset p = DatasetPublisher.publish(digits, store, 2000);
        String json = new String(store.catBytes(p.manifestCid()), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"format\":\"defl-dataset/1\",\"imageShape\":[8,8],\"name\":\"digits\",\"numClasses\":10,\"numFeatures\":64,\"preprocessing\":");
        assertThat(json).contains("\"test\":{\"rows\":360,\"shards\":[{\"cid\":\"" + p.manifest().test().shards().getFirst().cid() + "\",\"rows\":360}]}");
        assertThat(DatasetPublisher.manifest(p.manifestCid(), store)).isEqualTo(p.manifest());
    }

    @Test
    void equalDataGivesEqualCidsInAnyStore() throws Exception {
        PublishedDataset a = DatasetPublisher.publish(digits, new EmbeddedContentStore(dir.resolve("a")), 700);
        PublishedDataset b = DatasetPublisher.publish(Datasets.digits(1), new EmbeddedContentStore(dir.resolve("b")), 700);
        PublishedDataset c = DatasetPublisher.publish(digits, new EmbeddedContentStore(dir.resolve("c")), 701);
        assertThat(b.manifestCid()).isEqualTo(a.manifestCid());
        assertThat(b.manifest()).isEqualTo(a.manifest());
        assertThat(c.manifestCid()).isNotEqualTo(a.manifestCid());
        assertThat(a.manifestCid().version()).isEqualTo(1);
    }

    @Test
    void shardsAreSafetensorsWithF32FeaturesAndI64Labels() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        PublishedDataset p = DatasetPublisher.publish(digits, store, 1000);
        byte[] shard = store.catBytes(Cid.parse(p.manifest().test().shards().getFirst().cid()));
        var tensors = DatasetShardCodec.decode(shard);
        assertThat(tensors.keySet()).containsExactly("features", "labels");
        assertThat(tensors.get("features").shape()).containsExactly(360, 64);
        assertThat(tensors.get("labels").dtype()).isEqualTo(DatasetShardCodec.DType.I64);
        assertThat(tensors.get("labels").longs()[0]).isEqualTo(digits.test().labels()[0]);
        long headerLength = java.nio.ByteBuffer.wrap(shard, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(new String(shard, 8, (int) headerLength, StandardCharsets.UTF_8))
                .startsWith("{\"features\":{\"data_offsets\":[0,92160],\"dtype\":\"F32\",\"shape\":[360,64]},\"labels\":{\"data_offsets\":[92160,95040],\"dtype\":\"I64\",\"shape\":[360]}}");
    }

    @Test
    void aShardWithOtherRowsThanTheManifestSaysIsNamed() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        DatasetManifest m = DatasetPublisher.publish(digits, store, 1000).manifest();
        String testShard = m.test().shards().getFirst().cid();
        DatasetManifest lying = new DatasetManifest(m.format(), m.name(), m.numFeatures(), m.numClasses(), m.imageShape(), m.preprocessing(),
                m.train(), new DatasetManifest.Part(361, List.of(new DatasetManifest.Shard(testShard, 361))));
        Cid cid = store.add(lying.toJson());
        assertThatThrownBy(() -> DatasetPublisher.fetch(cid, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(testShard).hasMessageContaining(cid.toString()).hasMessageContaining("[360, 64]").hasMessageContaining("[361, 64]");
    }

    @Test
    void aShardWithOtherFeaturesThanTheManifestSaysIsNamed() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        DatasetManifest m = DatasetPublisher.publish(digits, store, 1000).manifest();
        DatasetManifest lying = new DatasetManifest(m.format(), m.name(), 63, m.numClasses(), null, m.preprocessing(), m.train(), m.test());
        Cid cid = store.add(lying.toJson());
        assertThatThrownBy(() -> DatasetPublisher.fetch(cid, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(m.train().shards().getFirst().cid()).hasMessageContaining("features");
    }

    @Test
    void aShardThatIsNotSafetensorsIsNamed() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid junk = store.add("not a tensor file".getBytes(StandardCharsets.UTF_8));
        DatasetManifest m = new DatasetManifest(DatasetManifest.FORMAT, "junk", 4, 2, null, null,
                new DatasetManifest.Part(1, List.of(new DatasetManifest.Shard(junk.toString(), 1))), new DatasetManifest.Part(0, List.of()));
        Cid cid = store.add(m.toJson());
        assertThatThrownBy(() -> DatasetPublisher.fetch(cid, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(junk.toString()).hasMessageContaining("not a safetensors shard");
    }

    @Test
    void aFileOfAnotherFormatIsNotAManifest() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid other = store.add("{\"format\":\"something-else/2\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DatasetPublisher.fetch(other, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(other.toString()).hasMessageContaining("defl-dataset/1");
        Cid text = store.add("hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DatasetPublisher.fetch(text, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(text.toString());
    }

    @Test
    void anUnknownCidIsNotFound() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid missing = Cid.of(1, Cid.RAW, "never added".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DatasetPublisher.fetch(missing, store)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");
    }

    @Test
    void aMissingShardIsNotFound() throws Exception {
        EmbeddedContentStore publisher = new EmbeddedContentStore(dir.resolve("publisher"));
        PublishedDataset p = DatasetPublisher.publish(digits, publisher, 1000);
        EmbeddedContentStore peer = new EmbeddedContentStore(dir.resolve("peer"));
        peer.add(publisher.catBytes(p.manifestCid()));
        assertThatThrownBy(() -> DatasetPublisher.fetch(p.manifestCid(), peer)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(p.manifest().train().shards().getFirst().cid());
    }

    @Test
    void datasetsLoadReadsCidSpecsFromTheStore() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = DatasetPublisher.publish(digits, store, 1000).manifestCid();
        DatasetOptions o = DatasetOptions.defaults();
        assertThat(Datasets.load("cid:" + cid, 5, o, store).train().features()).isEqualTo(digits.train().features());
        assertThat(Datasets.load(cid.toString(), 5, o, store).test().labels()).isEqualTo(digits.test().labels());
        assertThatThrownBy(() -> Datasets.load(cid.toString(), 5, o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cid.toString()).hasMessageContaining("no content store");
        assertThatThrownBy(() -> Datasets.load("cid:nonsense", 5, o, store)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("cid:nonsense");
    }
}
