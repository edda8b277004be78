package dev.defl.engine.learning;

import dev.defl.engine.ledger.TaskParams;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.updates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategySpecTest {
    @Test
    void everyNameBuildsTheStrategyOfThatName() {
        for (String name : StrategySpec.NAMES) assertThat(StrategySpec.of(name).create().name()).isEqualTo(name);
        assertThat(StrategySpec.fedAvg().aggregationCode()).isEqualTo(TaskParams.AGGREGATION_FEDAVG);
    }

    @Test
    void aggregationCodesMatchTheTaskParamsConstants() {
        assertThat(List.of("fedprox", "fedavgm", "fedadam", "fedyogi", "fedadagrad", "fedmedian", "trimmed-mean",
                "krum", "multi-krum", "bulyan", "centered-clipping", "geometric-median", "norm-bounding").stream()
                .map(n -> StrategySpec.of(n).aggregationCode()).toList())
                .containsExactly(TaskParams.AGGREGATION_FEDPROX, TaskParams.AGGREGATION_FEDAVGM,
                        TaskParams.AGGREGATION_FEDADAM, TaskParams.AGGREGATION_FEDYOGI, TaskParams.AGGREGATION_FEDADAGRAD,
                        TaskParams.AGGREGATION_FEDMEDIAN, TaskParams.AGGREGATION_TRIMMED_MEAN,
                        TaskParams.AGGREGATION_KRUM, TaskParams.AGGREGATION_MULTI_KRUM, TaskParams.AGGREGATION_BULYAN,
                        TaskParams.AGGREGATION_CENTERED_CLIPPING, TaskParams.AGGREGATION_GEOMETRIC_MEDIAN,
                        TaskParams.AGGREGATION_NORM_BOUNDING);
        assertThat(TaskParams.MAX_AGGREGATION_RULE).isEqualTo(StrategySpec.NAMES.size() - 1);
    }

    @Test
    void unknownNameAndBadParametersAreRefused() {
        assertThatThrownBy(() -> StrategySpec.of("fedsgd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown aggregation strategy 'fedsgd', expected one of [fedavg, fedprox");
        assertThatThrownBy(() -> new StrategySpec("trimmed-mean", 1, 0.9, 0.5, 1, 0, 0))
                .hasMessageContaining("β must be in [0, 0.5), got 0.5");
        assertThatThrownBy(() -> new StrategySpec("krum", 1, 0.9, 0.1, -1, 0, 0)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> new StrategySpec("fedprox", 1, 0.9, 0.1, 1, 0, -1))
                .hasMessage("fedprox proximal μ must be a finite number >= 0, got -1.0");
    }

    @Test
    void onlyFedProxGivesClientsAProximalTerm() {
        assertThat(StrategySpec.of("fedprox").clientProximalMu()).isEqualTo(StrategySpec.DEFAULT_PROXIMAL_MU);
        assertThat(StrategySpec.of("fedavg").clientProximalMu()).isZero();
        assertThat(StrategySpec.of("fedprox")).hasToString("fedprox(μ=0.01)");
    }

    @Test
    void multiKrumDefaultAveragesAllButF() {
        // n = 4, f = 1 -> m = 3: u0, u1, u2 of KrumTest (scores 1, 1, 4, 364) -> (1/3, 2/3, 0, 0)
        var u = updates(model(0, 0, 0, 0), model(1, 0, 0, 0), model(0, 2, 0, 0), model(10, 10, 10, 10));
        AggregationStrategy s = StrategySpec.of("multi-krum").create();
        assertThat(StrategyVectors.values(s.aggregate(model(0, 0, 0, 0), u)))
                .containsExactly((float) (1.0 / 3), (float) (2.0 / 3), 0f, 0f);
        assertThat(s).hasToString("multi-krum(f=1, m=n-f)");
    }

    @Test
    void krumNeedsFPlusThreeUpdatesAndAnExperimentWithFewerClientsIsRefused() {
        assertThat(StrategySpec.of("fedavg").minUpdates()).isEqualTo(1);
        assertThat(new StrategySpec("krum", 1, 0.9, 0.1, 3, 0, 0.01).minUpdates()).isEqualTo(6);
        assertThat(new StrategySpec("multi-krum", 1, 0.9, 0.1, 1, 7, 0.01).minUpdates()).isEqualTo(7);
        var config = new dev.defl.engine.protocol.ExperimentConfig(10, 1, 1, 1, 32, 1e-3, 7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withStrategy(new StrategySpec("krum", 1, 0.9, 0.1, 3, 0, 0.01))
                        .withClientFraction(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("krum(f=3) needs at least 6 updates per round, but C·N = 0.5·10 samples 5 clients");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.defl.engine.protocol.ExperimentConfig(3, 1, 1, 1, 32, 1e-3, 7)
                        .withStrategy(StrategySpec.of("krum")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("krum(f=1) needs at least 4 updates per round, but there are only 3 clients");
    }

    @Test
    void theTaskSpecEntriesReadBackToTheSameStrategy() {
        for (StrategySpec spec : List.of(StrategySpec.fedAvg(), new StrategySpec("fedavgm", 0.5, 0.8, 0.1, 1, 0, 0.01),
                new StrategySpec("multi-krum", 1, 0.9, 0.2, 2, 3, 0.01), new StrategySpec("fedprox", 1, 0.9, 0.1, 1, 0, 0.1),
                new StrategySpec("norm-bounding", 1, 0.9, 0.1, 1, 0, 0.01, 2.5), StrategySpec.of("centered-clipping"),
                new StrategySpec("bulyan", 1, 0.9, 0.1, 2, 0, 0.01))) {
            var entries = spec.toTaskSpec();
            assertThat(List.copyOf(entries.keySet())).allMatch(k -> k.startsWith(StrategySpec.KEY_AGGREGATION)).isSorted();
            assertThat(StrategySpec.fromTaskSpec(entries)).contains(spec);
        }
        assertThat(new StrategySpec("fedadam", 0.02, 0.9, 0.1, 1, 0, 0.01).toTaskSpec())
                .containsEntry("aggregation", "fedadam").containsEntry("aggregation_server_lr", "0.02")
                .as("the clip radius only where a rule clips: other specs (and their CIDs) as before")
                .doesNotContainKey(StrategySpec.KEY_CLIP_RADIUS);
        assertThat(new StrategySpec("norm-bounding", 1, 0.9, 0.1, 1, 0, 0.01, 2.5).toTaskSpec())
                .containsEntry(StrategySpec.KEY_CLIP_RADIUS, "2.5");
        assertThat(StrategySpec.of("bulyan").minUpdates()).isEqualTo(7);
    }

    @Test
    void aTaskSpecWithoutAggregationIsEmptyAndMissingParametersTakeTheDefaults() {
        assertThat(StrategySpec.fromTaskSpec(java.util.Map.of("architecture", "mlp"))).isEmpty();
        assertThat(StrategySpec.fromTaskSpec(java.util.Map.of("aggregation", "fedadam"))).contains(StrategySpec.of("fedadam"));
    }

    @Test
    void malformedTaskSpecParametersAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> StrategySpec.fromTaskSpec(java.util.Map.of("aggregation", "fedavgm", "aggregation_momentum", "high")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("task-spec key aggregation_momentum is not a number: 'high'");
        assertThatThrownBy(() -> StrategySpec.fromTaskSpec(java.util.Map.of("aggregation", "krum", "aggregation_krum_f", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("task-spec key aggregation_krum_f is not an integer: '1.5'");
        assertThatThrownBy(() -> StrategySpec.fromTaskSpec(java.util.Map.of("aggregation", "fedsgd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown aggregation strategy 'fedsgd' in task-spec key aggregation");
        assertThatThrownBy(() -> StrategySpec.fromTaskSpec(java.util.Map.of("aggregation", "fedavgm", "aggregation_momentum", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("task-spec aggregation parameters")
                .hasMessageContaining("aggregation_momentum=1.5");
    }

    @Test
    void aDeclaredByzantineBoundSetsTheRulesParametersAndRefusesWhatCannotHold() {
        assertThat(StrategySpec.of("krum").tolerating(3, 10).krumF()).isEqualTo(3);
        assertThat(StrategySpec.of("bulyan").tolerating(2, 11).krumF()).isEqualTo(2);
        StrategySpec trimmed = StrategySpec.of("trimmed-mean").tolerating(3, 10);
        assertThat(trimmed.trimmedBeta()).isGreaterThanOrEqualTo(0.3).isLessThan(0.31);
        assertThat(Math.floor(trimmed.trimmedBeta() * 10)).isEqualTo(3);
        // 1/49·49 rounds below 1 in double: β is nudged up until it trims f
        assertThat(Math.floor(StrategySpec.of("trimmed-mean").tolerating(1, 49).trimmedBeta() * 49)).isEqualTo(1);
        assertThat(StrategySpec.of("fedmedian").tolerating(3, 10)).isEqualTo(StrategySpec.of("fedmedian"));

        assertThatThrownBy(() -> StrategySpec.of("krum").tolerating(3, 8).checkTolerates(3, 8))
                .hasMessage("krum cannot tolerate f = 3 Byzantine clients of n = 8 per round: it needs n >= 2f + 3 = 9 updates per round");
        assertThatThrownBy(() -> StrategySpec.of("bulyan").checkTolerates(2, 10))
                .hasMessageContaining("bulyan cannot tolerate f = 2").hasMessageContaining("needs n >= 4f + 3 = 11");
        assertThatThrownBy(() -> StrategySpec.of("trimmed-mean").tolerating(5, 10))
                .hasMessageContaining("trimmed-mean cannot tolerate f = 5").hasMessageContaining("β = f/n < 0.5");
        assertThatThrownBy(() -> StrategySpec.of("trimmed-mean").checkTolerates(3, 10))
                .hasMessageContaining("trims only 1 at each end (β = 0.1)");
        assertThatThrownBy(() -> StrategySpec.of("krum").checkTolerates(2, 10)).hasMessageContaining("is set for f = 1");
        assertThatThrownBy(() -> StrategySpec.of("fedmedian").checkTolerates(5, 10)).hasMessageContaining("fewer than half");
        assertThatThrownBy(() -> StrategySpec.fedAvg().checkTolerates(1, 10)).hasMessageContaining("withstands none");
        StrategySpec.fedAvg().checkTolerates(0, 10);
        StrategySpec.of("krum").tolerating(3, 9).checkTolerates(3, 9);
        assertThatThrownBy(() -> StrategySpec.of("krum").tolerating(-1, 9)).hasMessageContaining("f must be >= 0");
    }

    @Test
    void flTrustsRootDatasetTravelsInTheTaskSpecAndOnlyWithFlTrust() {
        String cid = "bafkreiecaamkarr55v2ysp34rdxth4suokcxx63cf4k3xn4rvlh5jogmm4";
        StrategySpec spec = StrategySpec.of("fltrust").withRootDataset(cid);
        assertThat(spec.toTaskSpec()).containsEntry(StrategySpec.KEY_ROOT_DATASET, cid);
        assertThat(StrategySpec.fromTaskSpec(spec.toTaskSpec())).contains(spec);
        assertThat(StrategySpec.of("norm-bounding").toTaskSpec()).doesNotContainKey(StrategySpec.KEY_ROOT_DATASET);
        assertThatThrownBy(() -> StrategySpec.of("krum").withRootDataset(cid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only fltrust takes a root dataset, not krum");
        assertThat(StrategySpec.of("fltrust").aggregationCode()).isEqualTo(TaskParams.AGGREGATION_FLTRUST);
        // a task document cannot name fltrust without its root dataset
        assertThatThrownBy(() -> new dev.defl.engine.network.TaskDocument(java.util.Map.of(), StrategySpec.of("fltrust"),
                1, 32, 0.001, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fltrust needs a root dataset");
    }
}
