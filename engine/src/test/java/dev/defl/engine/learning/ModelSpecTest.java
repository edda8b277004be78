package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSpecTest {
    @Test
    void twoNNKeepsItsTensorNamesAndTorchModule() {
        ModelSpec spec = ModelSpec.twoNN(784, 10);
        assertThat(spec.parameterShapes()).containsOnlyKeys("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        assertThat(spec.parameterShapes().get("2.weight")).containsExactly(200, 200);
        assertThat(spec.layerSizes()).containsExactly(784, 200, 200, 10);
        assertThat(spec.torchModule()).isEqualTo("torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), "
                + "torch.nn.Linear(200, 200), torch.nn.ReLU(), torch.nn.Linear(200, 10))");
        assertThat(spec.toMetadata()).doesNotContainKey(ModelSpec.KEY_INPUT_SHAPE);
    }

    @Test
    void logisticRegressionIsOneLinearLayer() {
        ModelSpec spec = ModelSpec.logisticRegression(64, 10);
        assertThat(spec.layers()).containsExactly(new Layer.Linear(64, 10));
        assertThat(spec.parameterShapes()).containsOnlyKeys("0.weight", "0.bias");
        assertThat(spec.parameterShapes().get("0.weight")).containsExactly(10, 64);
        assertThat(spec.parameterCount()).isEqualTo(64 * 10 + 10);
        assertThat(spec.torchModule()).isEqualTo("torch.nn.Sequential(torch.nn.Linear(64, 10))");
        assertThat(ModelSpec.fromMetadata(spec.toMetadata())).isEqualTo(spec);
    }

    @Test
    void cnnHasTheMcMahanLayersUnderPyTorchSequentialKeys() {
        ModelSpec spec = ModelSpec.cnn(1, 28, 28, 10);
        assertThat(spec.architecture()).isEqualTo(ModelSpec.CNN);
        assertThat(spec.inputSize()).isEqualTo(784);
        assertThat(spec.inputShape()).containsExactly(1, 28, 28);
        assertThat(spec.layers()).containsExactly(
                new Layer.Conv2d(1, 32, 5, 2), new Layer.Relu(), new Layer.MaxPool2d(2),
                new Layer.Conv2d(32, 64, 5, 2), new Layer.Relu(), new Layer.MaxPool2d(2),
                new Layer.Flatten(), new Layer.Linear(3136, 512), new Layer.Relu(), new Layer.Linear(512, 10));
        Map<String, long[]> shapes = spec.parameterShapes();
        assertThat(shapes.keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias");
        assertThat(shapes.get("0.weight")).containsExactly(32, 1, 5, 5);
        assertThat(shapes.get("0.bias")).containsExactly(32);
        assertThat(shapes.get("3.weight")).containsExactly(64, 32, 5, 5);
        assertThat(shapes.get("7.weight")).containsExactly(512, 3136);
        assertThat(shapes.get("9.weight")).containsExactly(10, 512);
        assertThat(shapes.get("9.bias")).containsExactly(10);
        assertThat(spec.parameterCount()).isEqualTo(32 * 25 + 32 + 64 * 32 * 25 + 64 + 3136 * 512 + 512 + 512 * 10 + 10);
        assertThat(spec.layerSizes()).containsExactly(3136, 512, 10);
        assertThat(spec.torchModule()).isEqualTo("torch.nn.Sequential(torch.nn.Conv2d(1, 32, 5, padding=2), torch.nn.ReLU(), "
                + "torch.nn.MaxPool2d(2), torch.nn.Conv2d(32, 64, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2), "
                + "torch.nn.Flatten(), torch.nn.Linear(3136, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))");
    }

    @Test
    void cnnOnOddSizedImagesFloorsThePooling() {
        assertThat(ModelSpec.cnn(3, 8, 10, 4).parameterShapes().get("7.weight")).containsExactly(512, 64 * 2 * 2);
    }

    @Test
    void cnnMetadataRoundTripsWithItsInputShape() {
        ModelSpec spec = ModelSpec.cnn(1, 28, 28, 10);
        Map<String, String> meta = spec.toMetadata();
        assertThat(meta).containsEntry(ModelSpec.KEY_INPUT_SHAPE, "1,28,28").containsEntry(ModelSpec.KEY_ARCHITECTURE, "cnn-mcmahan")
                .containsEntry(ModelSpec.KEY_HIDDEN_SIZES, "512");
        assertThat(ModelSpec.fromMetadata(meta)).isEqualTo(spec).isNotEqualTo(ModelSpec.cnn(1, 14, 56, 10));
    }

    @Test
    void badShapesAreRejectedWithTheOffendingValue() {
        assertThatThrownBy(() -> ModelSpec.cnn(1, 3, 28, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3×28");
        assertThatThrownBy(() -> new ModelSpec(ModelSpec.CNN, 784, new int[] {512}, 10, new int[] {784}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[784]");
        assertThatThrownBy(() -> new ModelSpec(ModelSpec.MLP_RELU, 784, new int[0], 10, new int[] {1, 28, 27}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 28, 27]");
        assertThatThrownBy(() -> new ModelSpec("resnet", 784, new int[0], 10)).hasMessageContaining("'resnet'");
        assertThatThrownBy(() -> ModelSpec.fromMetadata(Map.of("architecture", "cnn-mcmahan", "input_size", "784", "hidden_sizes", "512",
                "num_classes", "10", "input_shape", "1,x,28"))).hasMessageContaining("input_shape").hasMessageContaining("1,x,28");
    }
}
