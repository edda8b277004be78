package dev.defl.ui.trainer;

import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.Poisoning;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigFieldPartitionTest {

    @Test
    void editingAFieldKeepsThePartitioner() {
        Partitioner dirichlet = new Partitioner.Dirichlet(0.3, 5);
        ExperimentConfig base = ExperimentConfig.defaults().withPartitioner(dirichlet);
        for (ConfigField field : ConfigField.values()) {
            String value = field == ConfigField.LEARNING_RATE ? "0.1" : "3";
            assertThat(field.apply(base, value).partitioner()).as(field.name()).isEqualTo(dirichlet);
        }
    }

    @Test
    void editingAFieldKeepsTheClientFractionAndPoisoning() {
        Poisoning poison = Poisoning.parse("2:signflip:4");
        ExperimentConfig base = ExperimentConfig.defaults().withClientFraction(0.5).withPoison(poison);
        for (ConfigField field : ConfigField.values()) {
            String value = field == ConfigField.LEARNING_RATE ? "0.1" : "3";
            ExperimentConfig edited = field.apply(base, value);
            assertThat(edited.clientFraction()).as(field.name()).isEqualTo(0.5);
            assertThat(edited.poison()).as(field.name()).isEqualTo(poison);
        }
    }
}
