package dev.defl.engine.protocol;

import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.learning.StrategySpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExperimentConfig#robustnessWarning()}: a run whose attackers outnumber what its strategy's parameters withstand
 * is told so before it starts (issue 18: trimmed mean with the default β collapsed to 10 % under 3 attackers, silently).
 */
class RobustnessWarningTest {

    private static ExperimentConfig config(StrategySpec strategy, String poison) {
        return new ExperimentConfig(10, 2, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 11).withStrategy(strategy)
                .withAttack(AttackPlan.parse(poison));
    }

    @Test
    void theDefaultTrimmedFractionAgainstThreeAttackersIsWarnedWithTheFix() {
        assertThat(config(StrategySpec.of("trimmed-mean"), "3:signflip:10").robustnessWarning()).hasValueSatisfying(w ->
                assertThat(w).startsWith("3 of 10 clients per round attack (--attack signflip:3:10), but trimmed-mean")
                        .contains("trimmed-mean(β=0.1) trims 1 of 10 updates at each end;").contains("--trimmed-beta 0.3 or more covers 3"));
        assertThat(config(new StrategySpec("trimmed-mean", 1, 0.9, 0.3, 1, 0, 0.01), "3:signflip:10").robustnessWarning()).isEmpty();
    }

    @Test
    void krumsFAndTheMediansBreakdownPointAreCompared() {
        assertThat(config(StrategySpec.of("krum"), "3:signflip:10").robustnessWarning()).hasValueSatisfying(w ->
                assertThat(w).contains("assumes f = 1 Byzantine clients; --krum-f 3 covers 3"));
        assertThat(config(new StrategySpec("krum", 1, 0.9, 0.1, 3, 0, 0.01), "3:signflip:10").robustnessWarning()).isEmpty();
        assertThat(config(StrategySpec.of("fedmedian"), "3:signflip:10").robustnessWarning()).isEmpty();
        assertThat(config(StrategySpec.of("fedmedian"), "5:signflip:10").robustnessWarning()).hasValueSatisfying(w ->
                assertThat(w).contains("withstands at most 4 of 10 updates"));
        assertThat(config(StrategySpec.fedAvg(), "1:signflip:10").robustnessWarning()).hasValueSatisfying(w ->
                assertThat(w).contains("does not withstand any malicious update"));
        assertThat(config(StrategySpec.of("norm-bounding"), "3:signflip:10").robustnessWarning()).isEmpty();
        assertThat(config(StrategySpec.of("trimmed-mean"), "none").robustnessWarning()).isEmpty();
    }
}
