package dev.defl.engine.round;

import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.ContentTooLargeException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one model fetcher, on the real embedded store: what a hostile or broken peer's CID gives. */
class ModelFetcherTest {
    @TempDir
    Path dir;

    static ModelWeights weights(float value, long... shape) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        long n = 1;
        for (long d : shape) n *= d;
        float[] v = new float[(int) n];
        java.util.Arrays.fill(v, value);
        t.put("0.weight", new Tensor(shape, v));
        t.put("0.bias", new Tensor(new long[] {shape[0]}, new float[(int) shape[0]]));
        return new ModelWeights(t);
    }

    @Test
    void aModelOfTheTaskIsReadAndKeptForTheNextRead() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        ModelWeights reference = weights(0f, 3, 4);
        Cid cid = store.add(SafetensorsCodec.encode(weights(1.5f, 3, 4), Map.of("k", "v")));
        ModelFetcher fetcher = ModelFetcher.forModel(store, reference);
        var file = fetcher.fetch(cid, "global model of round 1");
        assertThat(file.weights().tensor("0.weight").values()[0]).isEqualTo(1.5f);
        assertThat(file.metadata()).containsEntry("k", "v");
        assertThat(fetcher.fetch(cid, "again")).isSameAs(file);
        assertThat(fetcher.uncached().fetch(cid, "again")).isNotSameAs(file);
    }

    @Test
    void otherShapesAreAnInvalidModelNamingWhatAndTheCid() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = store.add(SafetensorsCodec.encode(weights(1f, 2, 4), Map.of()));
        assertThatThrownBy(() -> ModelFetcher.forModel(store, weights(0f, 3, 4)).fetch(cid, "update 1 (of 3) of round 2"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("update 1 (of 3) of round 2: CID " + cid + " has tensors {0.bias[2], 0.weight[2, 4]}, the"
                        + " task's model {0.bias[3], 0.weight[3, 4]}");
    }

    @Test
    void bytesThatAreNotSafetensorsAreAnInvalidModel() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = store.add("not a model".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelFetcher.forModel(store, weights(0f, 3, 4)).fetch(cid, "update 0"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("update 0: CID " + cid + " is not a safetensors file (");
    }

    @Test
    void aMissingCidIsUnavailableWithTheStoresReasonAsCause() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid absent = new EmbeddedContentStore(dir.resolve("other")).add(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ModelFetcher.forModel(store, weights(0f, 3, 4)).fetch(absent, "global model of round 3"))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageStartingWith("global model of round 3: CID " + absent + " is not in the content store")
                .hasCauseInstanceOf(ContentNotFoundException.class);
    }

    @Test
    void aFileOverTheModelLimitIsRefusedUnread() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = store.add(SafetensorsCodec.encode(weights(1f, 3, 4), Map.of()));
        assertThatThrownBy(() -> new ModelFetcher(store, weights(0f, 3, 4), 16).fetch(cid, "update 0"))
                .isInstanceOf(ModelUnavailableException.class)
                .hasCauseInstanceOf(ContentTooLargeException.class);
    }

    @Test
    void aDamagedBlockIsUnavailableWithAVerificationCause() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid cid = store.add(SafetensorsCodec.encode(weights(1f, 3, 4), Map.of()));
        try (Stream<Path> files = Files.walk(dir.resolve("ipfs"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".data")).toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length - 1] ^= 1;
                Files.write(f, b);
            }
        }
        assertThatThrownBy(() -> ModelFetcher.forModel(store, weights(0f, 3, 4)).fetch(cid, "update 0"))
                .isInstanceOf(ModelUnavailableException.class)
                .hasCauseInstanceOf(BlockVerificationException.class);
    }
}
