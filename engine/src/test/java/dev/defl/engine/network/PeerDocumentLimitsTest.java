package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.StrategySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task documents and announcements come from peers: sizes beyond their limits are refused, naming the key and limit. */
class PeerDocumentLimitsTest {
    @TempDir
    Path dir;

    private static Map<String, String> document(ModelSpec model) {
        Map<String, String> m = new TreeMap<>(model.toMetadata());
        m.putAll(StrategySpec.of("fedavg").toTaskSpec());
        m.put(TaskDocument.KEY_LOCAL_EPOCHS, "1");
        m.put(TaskDocument.KEY_BATCH_SIZE, "32");
        m.put(TaskDocument.KEY_LEARNING_RATE, "0.001");
        m.put(TaskDocument.KEY_SEED, "0");
        return m;
    }

    @Test
    void aModelBeyondTheParameterLimitIsRefusedBeforeAnythingIsAllocated() {
        Map<String, String> m = document(new ModelSpec(ModelSpec.MLP_RELU, 2_000_000_000, new int[] {2_000_000_000}, 10));
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than " + TaskDocument.MAX_MODEL_PARAMETERS + " parameters, more than the limit "
                        + TaskDocument.MAX_MODEL_PARAMETERS);
        Map<String, String> small = document(ModelSpec.twoNN(784, 10));
        assertThat(TaskDocument.fromMap(small, 0).model()).isEqualTo(ModelSpec.twoNN(784, 10));
    }

    @Test
    void epochsAndBatchSizeBeyondTheirLimitsAreNamed() {
        Map<String, String> m = document(ModelSpec.twoNN(784, 10));
        m.put(TaskDocument.KEY_LOCAL_EPOCHS, "4294967297"); // (int) would read 1
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key local_epochs is 4294967297, outside 1.." + TaskDocument.MAX_LOCAL_EPOCHS);
        m.put(TaskDocument.KEY_LOCAL_EPOCHS, "1");
        m.put(TaskDocument.KEY_BATCH_SIZE, "2147483647");
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key batch_size is 2147483647, outside 1.." + TaskDocument.MAX_BATCH_SIZE);
    }

    @Test
    void anInfiniteLearningRateIsRefusedWhenReadNotWhenTraining() {
        Map<String, String> m = document(ModelSpec.twoNN(784, 10));
        m.put(TaskDocument.KEY_LEARNING_RATE, "Infinity");
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate must be a finite number > 0, not Infinity");
    }

    @Test
    void aDocumentLargerThanItsLimitIsRefusedWithoutReadingItWhole() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        byte[] big = new byte[TaskDocument.MAX_DOCUMENT_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        Cid cid = store.add(big);
        assertThatThrownBy(() -> TaskDocument.fetch(store, cid, 0)).isInstanceOf(IOException.class)
                .hasMessageContaining(cid.toString()).hasMessageContaining("exceeds the limit of " + TaskDocument.MAX_DOCUMENT_BYTES + " bytes");
        assertThatThrownBy(() -> TaskDocument.parse("null".getBytes(StandardCharsets.UTF_8), 0, "doc d")).isInstanceOf(IOException.class)
                .hasMessageContaining("doc d is not a JSON object of strings");
    }

    @Test
    void anAnnouncementLongerThanItsLimitIsRefusedBeforeDecoding() {
        byte[] big = ("CID:1:" + "b".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Announcement.parse(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("announcement of " + big.length + " bytes exceeds the limit " + Announcement.MAX_BYTES + " bytes");
    }
}
