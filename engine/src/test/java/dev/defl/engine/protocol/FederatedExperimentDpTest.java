package dev.defl.engine.protocol;

import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.privacy.AdaptiveClipping;
import dev.defl.engine.learning.privacy.DpFedAvgClient;
import dev.defl.engine.learning.privacy.DpSetting;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * Client-level DP-FedAvg through a whole run: the real trainer, content store and anvil on the bundled digits sample.
 */
class FederatedExperimentDpTest extends EmbeddedDigitsWorkspace {
    private static ModelWeights weights(String cid) throws Exception {
        return SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(cid))).weights();
    }

    /** With z = 0 the clients only clip: every submitted update lies within C of the round's global model. */
    @Test
    void clippedUpdatesStayWithinTheClipNorm() throws Exception {
        double clip = 0.05;
        var config = new ExperimentConfig(3, 1, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withDp(new DpSetting(clip, 0, 1e-5));
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {}, () -> false);

        assertThat(report.rounds()).hasSize(2);
        var task = workspace.taskContract().task(report.taskId());
        TaskDocument document = TaskDocument.fetch(workspace.content(), task.params().modelSpec(),
                task.params().aggregationRule());
        assertThat(document.dp()).isEqualTo(new DpSetting(clip, 0, 1e-5));
        String base = task.params().initialModel().toString();
        for (RoundReport r : report.rounds()) {
            ModelWeights global = weights(base);
            assertThat(r.updates()).hasSize(3);
            for (UpdateRecord u : r.updates()) {
                assertThat(DpFedAvgClient.deltaNorm(global, weights(u.cid()))).as("round %d update %s", r.round(), u.cid())
                        .isLessThanOrEqualTo(clip + 1e-4);
            }
            base = r.globalModelCid();
        }
    }

    /** With z = 1 the run reports, per round, the accountant's ε for q = clients per round / clients. */
    @Test
    void eachRoundReportsTheAccountantsEpsilon() throws Exception {
        var config = new ExperimentConfig(4, 1, 3, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withClientFraction(0.5).withDp(new DpSetting(1.0, 1.0, 1e-5));
        java.util.List<Double> heard = new java.util.ArrayList<>();
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {
            @Override
            public void onRoundFinalized(RoundReport r) {
                heard.add(r.epsilon());
            }
        }, () -> false);

        assertThat(report.rounds()).hasSize(3);
        var expected = new dev.defl.engine.learning.privacy.RdpAccountant(2.0 / 4, 1.0);
        double previous = 0;
        for (RoundReport r : report.rounds()) {
            expected.step();
            assertThat(r.epsilon()).as("round %d", r.round()).isEqualTo(expected.epsilon(1e-5).epsilon())
                    .isGreaterThan(previous).isFinite();
            previous = r.epsilon();
            assertThat(r.updates()).hasSize(2);
        }
        assertThat(heard).containsExactlyElementsOf(report.rounds().stream().map(RoundReport::epsilon).toList());
    }

    /**
     * Adaptive clipping (3 clients, 2 aggregators, 3 rounds): each update carries its noised bit, every round's global
     * model carries the next C computed from those bits, both aggregators agree on its CID (proposal and vote), the next round's
     * updates are clipped to it, and the auditor recomputes every round to its finalized CID.
     */
    @Test
    void adaptiveClippingMovesCThroughTheGlobalModelsAndTheAggregatorsAgree() throws Exception {
        double initial = 0.02; // far below digits' update norms: every client is clipped, so C grows
        DpSetting dp = new DpSetting(initial, 0.1, 1e-5, 0.5);
        var config = new ExperimentConfig(3, 2, 3, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withDp(dp);
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {}, () -> false);

        assertThat(report.rounds()).hasSize(3);
        var task = workspace.taskContract().task(report.taskId());
        TaskDocument document = TaskDocument.fetch(workspace.content(), task.params().modelSpec(),
                task.params().aggregationRule());
        assertThat(document.dp()).isEqualTo(dp);
        AdaptiveClipping adaptive = dp.adaptiveClipping(3);
        String base = task.params().initialModel().toString();
        double c = initial;
        for (RoundReport r : report.rounds()) {
            var globalFile = SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(base)));
            assertThat(AdaptiveClipping.clipNorm(globalFile.metadata(), initial)).as("round %d's C", r.round()).isEqualTo(c);
            java.util.List<java.util.Map<String, String>> bits = new java.util.ArrayList<>();
            for (UpdateRecord u : r.updates()) {
                var update = SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(u.cid())));
                assertThat(update.metadata()).containsKey(AdaptiveClipping.KEY_WITHIN_CLIP);
                bits.add(update.metadata());
                // noise σ = z_Δ·C/√m per coordinate on top of the clipped delta: the norm stays near C
                assertThat(DpFedAvgClient.deltaNorm(globalFile.weights(), update.weights())).isGreaterThan(0.5 * c);
            }
            // one aggregator proposes, the other recomputes the aggregate on its own and votes for the same CID
            assertThat(r.proposals()).hasSize(1).allSatisfy(p -> assertThat(p.cid()).isEqualTo(r.globalModelCid()));
            assertThat(r.votes()).hasSize(1).allSatisfy(vote -> assertThat(vote.cid()).isEqualTo(r.globalModelCid()));
            assertThat(r.votes().getFirst().voter()).isNotEqualToIgnoringCase(r.proposals().getFirst().aggregator());
            // the updates in canonical (registration) order are the report's: the same sum either way up to order,
            // so recompute C from them and compare with what the aggregators wrote
            double next = AdaptiveClipping.clipNorm(
                    SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(r.globalModelCid()))).metadata(), initial);
            assertThat(next).as("C after round %d", r.round()).isCloseTo(adaptive.nextClipNorm(c, bits), offset(1e-12 * c))
                    .isGreaterThan(c);
            assertThat(r.clipNorm()).isEqualTo(next);
            c = next;
            base = r.globalModelCid();
        }

        TaskVerification v = new RoundVerifier(workspace.taskContract(), workspace.content()).verify(report.taskId());
        assertThat(v.rounds()).hasSize(3).allSatisfy(verdict -> assertThat(verdict.status()).isEqualTo(RoundVerdict.Status.OK));
    }

    @Test
    void aDpRunWithoutAdaptiveClippingWritesNoClipNorm() throws Exception {
        var config = new ExperimentConfig(2, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withDp(new DpSetting(0.5, 0, 1e-5));
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {}, () -> false);
        var global = SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(report.rounds().getFirst().globalModelCid())));
        assertThat(global.metadata()).doesNotContainKey(AdaptiveClipping.KEY_CLIP_NORM);
        assertThat(report.rounds().getFirst().clipNorm()).isNull();
    }

    @Test
    void aRunWithoutDpReportsNoEpsilon() throws Exception {
        var config = new ExperimentConfig(2, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {}, () -> false);
        assertThat(report.rounds()).allMatch(r -> r.epsilon() == null);
    }
}
