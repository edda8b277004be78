package dev.defl.ui.trainer;

import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.protocol.ExperimentConfig;
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
}
