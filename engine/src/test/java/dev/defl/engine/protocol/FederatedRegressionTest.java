package dev.defl.engine.protocol;

import dev.defl.engine.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.protocol.RunReport.RoundReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A regression run end to end: Boston house prices, linear regression, 3 clients × 2 rounds on a real anvil and store. */
class FederatedRegressionTest {
    @TempDir
    static Path dataDir;
    static Workspace workspace;
    static RunReport report;

    @BeforeAll
    static void runLinearRegressionOnBoston() throws Exception {
        DatasetSplit data = Datasets.load("boston", 7);
        workspace = Workspace.openEmbedded(dataDir);
        var config = new ExperimentConfig(3, 2, 2, 5, 16, 1e-2, 7);
        report = new FederatedExperiment(workspace).run(config, data, ModelKind.LINREG.spec(data), new RunListener() { }, () -> false);
    }

    @AfterAll
    static void close() {
        if (workspace != null) workspace.close();
    }

    @Test
    void roundsReportRmseMaeAndRSquaredInTargetUnits() {
        assertThat(report.rounds()).hasSize(2);
        for (RoundReport r : report.rounds()) {
            assertThat(r.isRegression()).isTrue();
            assertThat(r.testAccuracy()).isNaN();
            assertThat(r.testRmse()).isPositive().isCloseTo(Math.sqrt(r.testLoss()), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(r.testMae()).isPositive().isLessThanOrEqualTo(r.testRmse());
            assertThat(r.testR2()).isLessThan(1.0);
        }
        assertThat(report.rounds().getLast().testR2()).isGreaterThan(0.5);
    }

    @Test
    void reportJsonHasTheRegressionFieldsAndNullAccuracy() throws Exception {
        JsonNode round = new ObjectMapper().valueToTree(report).get("rounds").get(0);
        assertThat(round.get("testAccuracy").isNull()).isTrue();
        assertThat(round.get("testLoss").asDouble()).isPositive();
        assertThat(round.get("testRmse").asDouble()).isPositive();
        assertThat(round.get("testMae").asDouble()).isPositive();
        assertThat(round.has("testR2")).isTrue();
    }

    @Test
    void globalModelsAreRegressorsWithTheirTargetScale() throws Exception {
        var file = SafetensorsCodec.decode(workspace.content().catBytes(Cid.parse(report.rounds().getLast().globalModelCid())));
        assertThat(file.metadata()).containsEntry(ModelSpec.KEY_TASK, ModelSpec.TASK_REGRESSION);
        assertThat(ModelSpec.fromMetadata(file.metadata()).isRegression()).isTrue();
        assertThat(file.weights().tensors()).containsOnlyKeys("0.weight", "0.bias");
    }
}
