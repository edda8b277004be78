package dev.defl.engine.protocol;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoisoningTest {

    @Test
    void parsesClientsKindAndScale() {
        assertThat(Poisoning.parse("3:signflip:10")).isEqualTo(new Poisoning(3, "signflip", 10));
        assertThat(Poisoning.parse(" 1 : SignFlip : 2.5 ")).isEqualTo(new Poisoning(1, "signflip", 2.5));
        assertThat(Poisoning.parse("none")).isEqualTo(Poisoning.none());
        assertThat(Poisoning.none().active()).isFalse();
        assertThat(Poisoning.parse("3:signflip:10").describe()).isEqualTo("3:signflip:10.0");
    }

    @Test
    void malformedPoisoningNamesTheWrongPart() {
        assertThatThrownBy(() -> Poisoning.parse("3:signflip")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'3:signflip' must be K:KIND:S");
        assertThatThrownBy(() -> Poisoning.parse("x:signflip:10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("K 'x' is not a whole number");
        assertThatThrownBy(() -> Poisoning.parse("3:signflip:big")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S 'big' is not a number");
        assertThatThrownBy(() -> Poisoning.parse("3:labelflip:10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown poisoning kind 'labelflip'");
        assertThatThrownBy(() -> Poisoning.parse("-1:signflip:10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("K must be >= 0, got -1");
        assertThatThrownBy(() -> Poisoning.parse("1:signflip:0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale S must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> Poisoning.parse("1:signflip:Infinity")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale S");
    }

    @Test
    void moreMaliciousClientsThanClientsIsRejected() {
        assertThatThrownBy(() -> new ExperimentConfig(3, 1, 1, 1, 32, 0.01, 7).withPoison(Poisoning.parse("4:signflip:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poisoned clients K must be <= clients N = 3, got 4");
    }

    @Test
    void firstKClientsAreMalicious() {
        Poisoning p = new Poisoning(2, "signflip", 1);
        assertThat(p.isMalicious(0)).isTrue();
        assertThat(p.isMalicious(1)).isTrue();
        assertThat(p.isMalicious(2)).isFalse();
        assertThat(Poisoning.none().isMalicious(0)).isFalse();
    }

    @Test
    void poisonedUpdateIsGlobalMinusScaledDelta() {
        ModelWeights global = new ModelWeights(Map.of(
                "0.weight", new Tensor(new long[] {2, 2}, new float[] {1f, -2f, 0.5f, 0f}),
                "0.bias", new Tensor(new long[] {2}, new float[] {0f, 4f})));
        ModelWeights local = new ModelWeights(Map.of(
                "0.weight", new Tensor(new long[] {2, 2}, new float[] {1.5f, -2f, 0.25f, 1f}),
                "0.bias", new Tensor(new long[] {2}, new float[] {-1f, 4.5f})));
        ModelWeights poisoned = new Poisoning(1, "signflip", 10).poisonedUpdate(global, local);
        // global − 10·(local − global), exact in float for these values
        assertThat(poisoned).isEqualTo(new ModelWeights(Map.of(
                "0.weight", new Tensor(new long[] {2, 2}, new float[] {-4f, -2f, 3f, -10f}),
                "0.bias", new Tensor(new long[] {2}, new float[] {10f, -1f}))));
        // element-wise float arithmetic, bit for bit, for arbitrary values
        float g = 0.1234567f, l = 0.7654321f;
        ModelWeights one = new Poisoning(1, "signflip", 3.3).poisonedUpdate(
                new ModelWeights(Map.of("w", new Tensor(new long[] {1}, new float[] {g}))),
                new ModelWeights(Map.of("w", new Tensor(new long[] {1}, new float[] {l}))));
        assertThat(one.tensor("w").values()[0]).isEqualTo(g - 3.3f * (l - g));
    }

    @Test
    void poisoningWeightsOfAnotherShapeIsRejected() {
        ModelWeights a = new ModelWeights(Map.of("w", new Tensor(new long[] {2}, new float[] {1, 2})));
        ModelWeights b = new ModelWeights(Map.of("w", new Tensor(new long[] {1}, new float[] {1})));
        assertThatThrownBy(() -> new Poisoning(1, "signflip", 1).poisonedUpdate(a, b))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match the global model");
    }
}
