package dev.defl.engine.network;

import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskDocumentTest {
    private static Map<String, String> metadata() {
        LabeledDataset data = new LabeledDataset("digits/train", new float[]{0, 1, 2, 3}, new int[]{0, 1}, 2, 2, null, null);
        return SafetensorsCodec.modelMetadata(ModelSpec.twoNN(2, 2), data);
    }

    @Test
    void aDocumentRoundTripsThroughItsSortedStringMap() {
        TaskDocument doc = new TaskDocument(metadata(), StrategySpec.of("fedavgm"), 2, 16, 0.01, 9);
        TaskDocument back = TaskDocument.fromMap(doc.toMap(), StrategySpec.of("fedavgm").aggregationCode());

        assertThat(back).isEqualTo(doc);
        assertThat(back.model()).isEqualTo(ModelSpec.twoNN(2, 2));
        assertThat(new String(doc.toJson())).startsWith("{\"aggregation\":\"fedavgm\"");
        assertThat(doc.trainConfig(3, 1).seed()).isEqualTo(9 * 1_000_003L + 3 * 1_009L + 1);
    }

    /** One format, read one way: every key is required (there is no lenient reading of older documents). */
    @Test
    void aDocumentWithoutTrainingKeysIsRefusedNamingTheKey() {
        Map<String, String> m = new HashMap<>(metadata());
        m.putAll(StrategySpec.of("fedavg").toTaskSpec());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaskDocument.fromMap(m, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key local_epochs is missing");
        for (String key : List.of(TaskDocument.KEY_BATCH_SIZE, TaskDocument.KEY_LEARNING_RATE, TaskDocument.KEY_SEED)) {
            Map<String, String> without = new HashMap<>(
                    new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0).toMap());
            without.remove(key);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaskDocument.fromMap(without, 0))
                    .hasMessage("key " + key + " is missing");
        }
    }

    @Test
    void badValuesAreNamedByKey() {
        Map<String, String> m = new HashMap<>(new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0).toMap());
        m.put(TaskDocument.KEY_BATCH_SIZE, "many");
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).hasMessage("key batch_size is 'many', not a whole number");
        m.put(TaskDocument.KEY_BATCH_SIZE, "32");
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 2)).hasMessageContaining("names strategy fedavg but the chain records rule code 2");
        m.remove(ModelSpec.KEY_ARCHITECTURE);
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).hasMessageContaining(ModelSpec.KEY_ARCHITECTURE);
    }

    @Test
    void aDocumentWithoutDpKeysHasNoDpAndKeepsItsBytes() {
        TaskDocument doc = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0);
        assertThat(doc.dp()).isNull();
        assertThat(doc.toMap().keySet()).noneMatch(k -> k.startsWith("dp_"));
        assertThat(TaskDocument.fromMap(doc.toMap(), 0).dp()).isNull();
    }

    @Test
    void aDpDocumentRoundTrips() {
        var dp = new dev.defl.engine.learning.privacy.DpSetting(1.0, 1.1, 1e-5);
        TaskDocument doc = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0, dp);
        assertThat(doc.toMap()).containsEntry(TaskDocument.KEY_DP_CLIP, "1.0").containsEntry(TaskDocument.KEY_DP_NOISE, "1.1")
                .containsEntry(TaskDocument.KEY_DP_DELTA, "1.0E-5");
        TaskDocument back = TaskDocument.fromMap(doc.toMap(), 0);
        assertThat(back).isEqualTo(doc);
        assertThat(back.metadata()).doesNotContainKeys(TaskDocument.KEY_DP_CLIP, TaskDocument.KEY_DP_NOISE,
                TaskDocument.KEY_DP_DELTA);
    }

    @Test
    void aPartialDpKeySetIsRefusedNamingTheMissingKey() {
        var dp = new dev.defl.engine.learning.privacy.DpSetting(1.0, 1.1, 1e-5);
        for (String key : List.of(TaskDocument.KEY_DP_CLIP, TaskDocument.KEY_DP_NOISE, TaskDocument.KEY_DP_DELTA)) {
            Map<String, String> m = new HashMap<>(
                    new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0, dp).toMap());
            m.remove(key);
            assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("key " + key + " is missing");
        }
        Map<String, String> m = new HashMap<>(
                new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0, dp).toMap());
        m.put(TaskDocument.KEY_DP_DELTA, "1.5");
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).hasMessageContaining("DP delta must be in (0, 1), got 1.5");
    }

    @Test
    void privateUpdatesIsWrittenOnlyWhenOnSoOldDocumentsKeepTheirBytesAndReadBackAsPublic() {
        TaskDocument open = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0);
        assertThat(open.privateUpdates()).isFalse();
        assertThat(open.toMap()).doesNotContainKey(TaskDocument.KEY_PRIVATE_UPDATES);
        assertThat(open.withPrivateUpdates(false).toJson()).isEqualTo(open.toJson());
        TaskDocument secret = open.withPrivateUpdates(true);
        assertThat(secret.toMap()).containsEntry(TaskDocument.KEY_PRIVATE_UPDATES, "true");
        TaskDocument back = TaskDocument.fromMap(secret.toMap(), 0);
        assertThat(back).isEqualTo(secret);
        assertThat(back.metadata()).doesNotContainKey(TaskDocument.KEY_PRIVATE_UPDATES);
        assertThat(TaskDocument.fromMap(open.toMap(), 0).privateUpdates()).isFalse();

        Map<String, String> bad = new HashMap<>(secret.toMap());
        bad.put(TaskDocument.KEY_PRIVATE_UPDATES, "yes");
        assertThatThrownBy(() -> TaskDocument.fromMap(bad, 0))
                .hasMessage("key private_updates must be \"true\" or \"false\", not \"yes\"");
    }

    @Test
    void aDocumentAndAChainThatDisagreeOnPrivateUpdatesAreRefused() {
        TaskDocument open = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0);
        open.requireMatches(false, "task 1");
        open.withPrivateUpdates(true).requireMatches(true, "task 1");
        assertThatThrownBy(() -> open.requireMatches(true, "task 7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task 7: the chain records private updates on but the spec document does not (no "
                        + "private_updates key); refusing a task whose document and chain disagree");
        assertThatThrownBy(() -> open.withPrivateUpdates(true).requireMatches(false, "task 7"))
                .hasMessageStartingWith("task 7: the chain records private updates off but the spec document asks for them");
    }

    @Test
    void anAdaptiveDpDocumentRoundTripsAndAFixedOneHasNoAdaptiveKeys() {
        var dp = new dev.defl.engine.learning.privacy.DpSetting(0.1, 0.5, 1e-5, 0.7);
        TaskDocument doc = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0, dp);
        assertThat(doc.toMap()).containsEntry(TaskDocument.KEY_DP_ADAPTIVE, "true")
                .containsEntry(TaskDocument.KEY_DP_TARGET_QUANTILE, "0.7").containsEntry(TaskDocument.KEY_DP_CLIP, "0.1");
        TaskDocument back = TaskDocument.fromMap(doc.toMap(), 0);
        assertThat(back).isEqualTo(doc);
        assertThat(back.dp().adaptive()).isTrue();
        assertThat(back.metadata()).doesNotContainKeys(TaskDocument.KEY_DP_ADAPTIVE, TaskDocument.KEY_DP_TARGET_QUANTILE);

        var fixed = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0, dp.withTargetQuantile(null));
        assertThat(fixed.toMap()).doesNotContainKeys(TaskDocument.KEY_DP_ADAPTIVE, TaskDocument.KEY_DP_TARGET_QUANTILE);
        assertThat(TaskDocument.fromMap(fixed.toMap(), 0).dp().adaptive()).isFalse();
    }

    @Test
    void badAdaptiveKeysAreRefusedNamingTheKey() {
        var dp = new dev.defl.engine.learning.privacy.DpSetting(0.1, 0.5, 1e-5, 0.7);
        Map<String, String> good = new TaskDocument(metadata(), StrategySpec.of("fedavg"), 1, 32, 1e-3, 0, dp).toMap();
        Map<String, String> m = new HashMap<>(good);
        m.put(TaskDocument.KEY_DP_TARGET_QUANTILE, "1.5");
        assertThatThrownBy(() -> TaskDocument.fromMap(m, 0)).hasMessageContaining("key dp_target_quantile")
                .hasMessageContaining("1.5");
        Map<String, String> noQuantile = new HashMap<>(good);
        noQuantile.remove(TaskDocument.KEY_DP_TARGET_QUANTILE);
        assertThatThrownBy(() -> TaskDocument.fromMap(noQuantile, 0)).hasMessage("key dp_target_quantile is missing");
        Map<String, String> noFlag = new HashMap<>(good);
        noFlag.remove(TaskDocument.KEY_DP_ADAPTIVE);
        assertThatThrownBy(() -> TaskDocument.fromMap(noFlag, 0)).hasMessageContaining("needs dp_adaptive = true");
        Map<String, String> badFlag = new HashMap<>(good);
        badFlag.put(TaskDocument.KEY_DP_ADAPTIVE, "yes");
        assertThatThrownBy(() -> TaskDocument.fromMap(badFlag, 0)).hasMessageContaining("key dp_adaptive must be 'true'");
    }
}
