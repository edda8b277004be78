package dev.defl.ui.trainer;

import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.learning.attack.AttackPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigFieldPartitionTest {

    private static String validText(ConfigField field) {
        return switch (field) {
            case LEARNING_RATE -> "0.1";
            case CLIENT_FRACTION -> "0.5";
            case ATTACK -> "1:signflip:5";
            default -> "3";
        };
    }

    @Test
    void editingAFieldKeepsThePartitioner() {
        Partitioner dirichlet = new Partitioner.Dirichlet(0.3, 5);
        ExperimentConfig base = ExperimentConfig.defaults().withPartitioner(dirichlet);
        for (ConfigField field : ConfigField.values()) {
            assertThat(field.apply(base, validText(field)).partitioner()).as(field.name()).isEqualTo(dirichlet);
        }
    }

    @Test
    void editingAFieldKeepsTheClientFractionAndAttack() {
        AttackPlan attack = AttackPlan.parse("2:signflip:4");
        ExperimentConfig base = ExperimentConfig.defaults().withClientFraction(0.5).withAttack(attack);
        for (ConfigField field : ConfigField.values()) {
            if (field == ConfigField.CLIENT_FRACTION || field == ConfigField.ATTACK) continue;
            ExperimentConfig edited = field.apply(base, validText(field));
            assertThat(edited.clientFraction()).as(field.name()).isEqualTo(0.5);
            assertThat(edited.attack()).as(field.name()).isEqualTo(attack);
        }
    }

    @Test
    void clientFractionAndAttackFieldsSetTheirParameterAndKeepTheOthers() {
        ExperimentConfig base = ExperimentConfig.defaults().withPartitioner(new Partitioner.Dirichlet(0.3, 5));
        ExperimentConfig c = ConfigField.CLIENT_FRACTION.apply(base, " 0.5 ");
        assertThat(c.clientFraction()).isEqualTo(0.5);
        assertThat(c.clientsPerRound()).isEqualTo(5);
        assertThat(c.partitioner()).isEqualTo(base.partitioner());
        ExperimentConfig p = ConfigField.ATTACK.apply(c, "3:signflip:10");
        assertThat(p.attack()).isEqualTo(AttackPlan.parse("signflip:3:10"));
        assertThat(p.clientFraction()).isEqualTo(0.5);
        assertThat(ConfigField.ATTACK.apply(p, "  ").attack()).isEqualTo(AttackPlan.none());
        assertThat(ConfigField.ATTACK.apply(p, "none").attack()).isEqualTo(AttackPlan.none());
    }
}
