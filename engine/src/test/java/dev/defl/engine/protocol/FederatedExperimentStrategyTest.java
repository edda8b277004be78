package dev.defl.engine.protocol;

import dev.defl.engine.workspace.Workspace;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.RunReport.RoundReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Non-default aggregation strategies through the real trainer, store and anvil: the honest aggregators compute
 * byte-identical aggregates (one proposal, the rest votes), also for a strategy with server state carried across
 * rounds.
 */
class FederatedExperimentStrategyTest {
    @TempDir
    Path dataDir;

    private RunReport run(StrategySpec strategy) throws Exception {
        return run(strategy, 4);
    }

    private RunReport run(StrategySpec strategy, int clients) throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dataDir.resolve(strategy.name()))) {
            var config = new ExperimentConfig(clients, 3, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withStrategy(strategy);
            RunReport report = new FederatedExperiment(workspace).run(config, Datasets.load("digits", 7),
                    new RunListener() {}, () -> false);
            // the task records the rule code on chain
            assertThat(workspace.taskContract().task(report.taskId()).params().aggregationRule())
                    .isEqualTo(strategy.aggregationCode());
            // an auditor recomputes every round (fltrust: training on the root dataset named in the task, as the
            // aggregators did)
            TaskVerification audit = new RoundVerifier(workspace.taskContract(), workspace.content()).verify(report.taskId());
            assertThat(audit.allOk()).as(strategy.name() + ": " + audit).isTrue();
            return report;
        }
    }

    @Test
    void honestAggregatorsAgreeUnderServerMomentumAcrossRounds() throws Exception {
        RunReport report = run(StrategySpec.of("fedavgm"));
        assertThat(report.rounds()).hasSize(2);
        for (RoundReport r : report.rounds()) {
            assertThat(r.proposals()).hasSize(1);
            assertThat(r.votes()).hasSize(1); // quorum 2 of 3: proposal + one vote finalize
            assertThat(r.votes().getFirst().cid()).isEqualTo(r.globalModelCid());
        }
    }

    @Test
    void fedProxClientsTrainWithTheProximalTermAndRoundsFinalize() throws Exception {
        RunReport report = run(new StrategySpec("fedprox", 1, 0.9, 0.1, 1, 0, 0.1));
        for (RoundReport r : report.rounds()) {
            assertThat(r.proposals()).hasSize(1);
            assertThat(r.testAccuracy()).isGreaterThan(0.3);
        }
    }

    @Test
    void honestAggregatorsAgreeUnderKrum() throws Exception {
        RunReport report = run(StrategySpec.of("krum"));
        for (RoundReport r : report.rounds()) {
            assertThat(r.proposals()).hasSize(1);
            assertThat(r.votes().getFirst().cid()).isEqualTo(r.globalModelCid());
            assertThat(r.testAccuracy()).isGreaterThan(0.3);
        }
    }

    /** The robust rules of issue 18: every honest aggregator computes the same bytes, so one proposal and votes for it. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bulyan", "centered-clipping", "geometric-median", "norm-bounding", "fltrust"})
    void honestAggregatorsAgreeUnderTheRobustRules(String name) throws Exception {
        // Bulyan with f = 1 needs 4f + 3 = 7 updates
        RunReport report = run(StrategySpec.of(name), "bulyan".equals(name) ? 7 : 4);
        assertThat(report.rounds()).hasSize(2);
        for (RoundReport r : report.rounds()) {
            assertThat(r.proposals()).as(name).hasSize(1);
            assertThat(r.votes()).as(name).hasSize(1);
            assertThat(r.votes().getFirst().cid()).isEqualTo(r.globalModelCid());
            assertThat(r.testAccuracy()).as(name).isGreaterThan(0.3);
        }
    }
}
