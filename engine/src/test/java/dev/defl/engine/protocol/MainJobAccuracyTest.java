package dev.defl.engine.protocol;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.FashionMnist;
import dev.defl.engine.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main job, cut to a fifth so that CI checks its accuracy in seconds: {@code defl run --dataset
 * fashion-mnist --clients 10 --rounds 3 --local-epochs 1 --batch-size 32 --seed 7} ({@link ExperimentConfig#defaults()}:
 * 10 IID clients, 2 aggregators, the 2NN, FedAvg, Adam at the default learning rate), on the first 12 000 training
 * rows (1 200 per client) and the first 2 000 test rows, through the real trainer (DJL, PyTorch CPU), the real
 * embedded store and a real anvil.
 *
 * <p>Measured 2026-12-07 on our 2-core VM (PyTorch 2.7.1 CPU, one thread), in one JVM, with a throw-away harness
 * calling {@code new FederatedExperiment(workspace).run(ExperimentConfig.defaults(), data, …)}:
 * <ul>
 *   <li>full data (60 000 / 10 000 rows, what the command above runs): 80.34, 82.74, <b>84.01 %</b> after rounds 1–3;</li>
 *   <li>this subset (12 000 / 2 000 rows): 74.85, 76.95, <b>78.30 %</b> (12 s under load 10; 6 000 / 2 000 rows gave
 *       76.80 %, 20 000 / 2 000 rows 81.65 %).</li>
 * </ul>
 * Runs are deterministic on one machine; another CPU's kernels round differently, so the threshold sits 2.3 points
 * below the measured figure: a regression of the main job's accuracy by more than about 2 points fails the test.
 */
class MainJobAccuracyTest {
    static final int TRAIN_ROWS = 12_000;
    static final int TEST_ROWS = 2_000;
    /** Measured 78.30 % after round 3 (see the class comment). */
    static final double MIN_ACCURACY = 0.76;

    @TempDir
    Path dataDir;

    @Test
    void mainJobOnAFifthOfFashionMnistStaysAboveItsMeasuredAccuracy() throws Exception {
        DatasetSplit full = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        DatasetSplit data = new DatasetSplit(
                full.train().subset(IntStream.range(0, TRAIN_ROWS).toArray(), "fashion-mnist/train[0:" + TRAIN_ROWS + "]"),
                full.test().subset(IntStream.range(0, TEST_ROWS).toArray(), "fashion-mnist/test[0:" + TEST_ROWS + "]"));
        RunReport report;
        try (Workspace workspace = Workspace.openEmbedded(dataDir)) {
            report = new FederatedExperiment(workspace).run(ExperimentConfig.defaults(), data, new RunListener() { }, () -> false);
        }
        assertThat(report.rounds()).hasSize(3);
        assertThat(report.rounds().getLast().testAccuracy())
                .as("test accuracy after round 3, per round %s", report.rounds().stream().map(RunReport.RoundReport::testAccuracy).toList())
                .isGreaterThanOrEqualTo(MIN_ACCURACY);
    }
}
