package dev.defl.engine.protocol;

import dev.defl.engine.workspace.Workspace;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configured partitioner decides each client's data: real digits, real trainer, real anvil. */
class FederatedExperimentPartitionTest {

    @TempDir
    Path dataDir;

    @Test
    void clientsTrainOnTheConfiguredPartitionAndTheListenerSeesItsClassCounts() throws Exception {
        DatasetSplit data = Datasets.digits(7);
        Partitioner quantity = new Partitioner.QuantitySkew(0.5, 10);
        ExperimentConfig config = new ExperimentConfig(3, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withPartitioner(quantity);
        List<PartitionSummary> seen = new ArrayList<>();
        RunReport report;
        try (Workspace workspace = Workspace.openEmbedded(dataDir)) {
            report = new FederatedExperiment(workspace).run(config, data, new RunListener() {
                @Override
                public void onPartitioned(Partitioner partitioner, PartitionSummary summary) {
                    assertThat(partitioner).isEqualTo(quantity);
                    seen.add(summary);
                }
            }, () -> false);
        }
        PartitionSummary expected = PartitionSummary.of(quantity.partition(data.train(), 3, 7), data.train().labels(), 10);
        assertThat(seen).containsExactly(expected);
        long[] samples = report.rounds().getFirst().updates().stream().mapToLong(UpdateRecord::numSamples).sorted().toArray();
        assertThat(samples).containsExactly(Arrays.stream(expected.sizes()).asLongStream().sorted().toArray());
    }

    @Test
    void unsatisfiablePartitionFailsBeforeAnythingGoesOnChain() throws Exception {
        DatasetSplit data = Datasets.digits(7);
        ExperimentConfig config = new ExperimentConfig(20, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withPartitioner(new Partitioner.Dirichlet(0.01, 60));
        List<String> started = new ArrayList<>();
        try (Workspace workspace = Workspace.openEmbedded(dataDir)) {
            assertThatThrownBy(() -> new FederatedExperiment(workspace).run(config, data, new RunListener() {
                @Override
                public void onStarted(long chainId, String contract, String rpcUrl) {
                    started.add(contract);
                }
            }, () -> false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("α=0.01");
        }
        assertThat(started).isEmpty();
    }

    @Test
    void defaultConfigurationPartitionsIid() {
        assertThat(ExperimentConfig.defaults().partitioner()).isEqualTo(Partitioner.iid());
        assertThat(new ExperimentConfig(2, 1, 1, 1, 32, 0.05, 7).partitioner()).isEqualTo(new Partitioner.Iid());
    }
}
