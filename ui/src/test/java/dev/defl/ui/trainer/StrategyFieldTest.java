package dev.defl.ui.trainer;

import dev.defl.engine.learning.StrategySpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every strategy the engine knows has a line on the form, and each field reads back the spec's own value. */
class StrategyFieldTest {

    @Test
    void everyStrategyIsDescribedAndItsFieldsShowItsDefaults() {
        for (String name : StrategySpec.NAMES) {
            assertThat(StrategyField.describe(name)).as(name).isNotBlank();
            for (StrategyField f : StrategyField.values()) {
                assertThat(f.defaultText(name)).as(name + " " + f).isEqualTo(f.text(StrategySpec.of(name)));
            }
        }
        assertThat(StrategyField.CLIP_RADIUS.usedBy("norm-bounding")).isTrue();
        assertThat(StrategyField.CLIP_RADIUS.usedBy("fedavg")).isFalse();
        assertThat(StrategyField.KRUM_F.usedBy("bulyan")).isTrue();
        StrategySpec spec = new StrategySpec("centered-clipping", 1, 0.9, 0.1, 1, 0, 0.01, 2.5);
        assertThat(StrategyField.CLIP_RADIUS.text(spec)).isEqualTo("2.5");
        assertThat(StrategyField.KRUM_F.text(spec)).isEqualTo("1");
    }
}
