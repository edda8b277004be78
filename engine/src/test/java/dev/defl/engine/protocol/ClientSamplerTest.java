package dev.defl.engine.protocol;

import dev.defl.engine.learning.attack.AttackPlan;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientSamplerTest {

    @Test
    void countIsRoundedFractionOfClientsAndAtLeastOne() {
        assertThat(ClientSampler.count(4, 0.5)).isEqualTo(2);
        assertThat(ClientSampler.count(10, 0.1)).isEqualTo(1);
        assertThat(ClientSampler.count(10, 0.01)).isEqualTo(1);
        assertThat(ClientSampler.count(10, 0.25)).isEqualTo(3); // 2.5 rounds up
        assertThat(ClientSampler.count(7, 1.0)).isEqualTo(7);
    }

    @Test
    void fullFractionSamplesEveryClientInOrder() {
        for (int round = 1; round <= 3; round++) {
            assertThat(ClientSampler.sample(5, 1.0, 7, round)).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void sampleIsDistinctAscendingInRangeAndDeterministic() {
        for (int round = 1; round <= 20; round++) {
            int[] s = ClientSampler.sample(10, 0.3, 7, round);
            assertThat(s).hasSize(3).isSorted().doesNotHaveDuplicates();
            assertThat(IntStream.of(s).allMatch(i -> i >= 0 && i < 10)).isTrue();
            assertThat(ClientSampler.sample(10, 0.3, 7, round)).isEqualTo(s);
        }
    }

    @Test
    void sampleDiffersBetweenRoundsAndSeeds() {
        Set<List<Integer>> rounds = new HashSet<>();
        for (int round = 1; round <= 6; round++) {
            rounds.add(IntStream.of(ClientSampler.sample(8, 0.5, 7, round)).boxed().toList());
        }
        assertThat(rounds).hasSizeGreaterThan(1);
        Set<List<Integer>> seeds = new HashSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            seeds.add(IntStream.of(ClientSampler.sample(8, 0.5, seed, 1)).boxed().toList());
        }
        assertThat(seeds).hasSizeGreaterThan(1);
    }

    @Test
    void fractionOutsideZeroToOneIsRejected() {
        for (double c : new double[] {0, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> ClientSampler.count(4, c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("client fraction C must be in (0, 1]");
            assertThatThrownBy(() -> ExperimentConfig.defaults().withClientFraction(c))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client fraction C");
        }
    }

    @Test
    void configDefaultsToAllClientsAndOldConstructorsKeepDefaults() {
        var config = new ExperimentConfig(4, 1, 1, 1, 32, 0.01, 7);
        assertThat(config.clientFraction()).isEqualTo(1.0);
        assertThat(config.attack()).isEqualTo(AttackPlan.none());
        assertThat(config.clientsPerRound()).isEqualTo(4);
        var half = config.withClientFraction(0.5).withAttack(AttackPlan.parse("1:signflip:2"));
        assertThat(half.clientsPerRound()).isEqualTo(2);
        assertThat(half.withStrategy(config.strategy()).withPartitioner(config.partitioner()))
                .isEqualTo(half); // the with-methods keep C and the poisoning
    }
}
