package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.privacy.DpFedAvgClient;
import dev.defl.engine.learning.privacy.DpSetting;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.workspace.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-level DP-FedAvg through a whole run: the real trainer, content store and anvil on the bundled digits sample.
 */
class FederatedExperimentDpTest {
    @TempDir
    static Path dataDir;
    static Workspace workspace;
    static DatasetSplit data;

    @BeforeAll
    static void open() throws Exception {
        workspace = Workspace.openEmbedded(dataDir);
        data = Datasets.load("digits", 7);
    }

    @AfterAll
    static void close() {
        if (workspace != null) workspace.close();
    }

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

    @Test
    void aRunWithoutDpReportsNoEpsilon() throws Exception {
        var config = new ExperimentConfig(2, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
        RunReport report = new FederatedExperiment(workspace).run(config, data, new RunListener() {}, () -> false);
        assertThat(report.rounds()).allMatch(r -> r.epsilon() == null);
    }
}
