package dev.defl.engine.learning;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ComputeDeviceTest {

    @Test
    void cpuRequestResolvesToTheCpuWithoutWarning() {
        ComputeDevice d = ComputeDevice.resolve("CPU");
        assertThat(d.device()).isEqualTo(Device.cpu());
        assertThat(d.name()).isEqualTo("cpu()");
        assertThat(d.warning()).isNull();
        assertThat(d.isGpu()).isFalse();
    }

    @Test
    void cudaWithoutVisibleGpuFallsBackToCpuWithWarning() {
        new LocalTrainer(); // loads the engine offline
        assumeTrue(Engine.getEngine(LocalTrainer.ENGINE).getGpuCount() == 0, "a GPU is visible to PyTorch");
        ComputeDevice d = ComputeDevice.resolve("cuda");
        assertThat(d.device()).isEqualTo(Device.cpu());
        assertThat(d.requested()).isEqualTo("cuda");
        assertThat(d.warning()).startsWith("CUDA requested but no GPU visible to PyTorch (flavor ")
                .endsWith("); training on CPU");
        ComputeDevice auto = ComputeDevice.resolve("auto");
        assertThat(auto.device()).isEqualTo(Device.cpu());
        assertThat(auto.warning()).isNull();
    }

    @Test
    void unknownDeviceIsRejected() {
        assertThatThrownBy(() -> ComputeDevice.resolve("tpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device 'tpu' must be cpu, cuda or auto");
    }

    @Test
    void trainerOnTheCpuDeviceTrainsBitIdenticallyToTheDefaultTrainer() throws Exception {
        DatasetSplit data = Datasets.load("digits", 7);
        LabeledDataset shard = data.train().subset(java.util.stream.IntStream.range(0, 200).toArray(), "digits/train[0:200]");
        ModelSpec spec = ModelKind.MLP.spec(data);
        LocalTrainer plain = new LocalTrainer();
        LocalTrainer onCpu = new LocalTrainer(ComputeDevice.resolve("cpu"));
        ModelWeights start = plain.initialWeights(spec, 7);
        TrainConfig cfg = new TrainConfig(1, 32, 1e-3, 11);
        TrainResult a = plain.train(spec, start, shard, cfg, (e, l, acc) -> {}, () -> false);
        TrainResult b = onCpu.train(spec, start, shard, cfg, (e, l, acc) -> {}, () -> false);
        assertThat(b.weights()).isEqualTo(a.weights());
        assertThat(onCpu.device()).isEqualTo(Device.cpu());
    }
}
