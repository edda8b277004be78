package dev.defl.engine.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * PyTorch compatibility against the reference implementation: {@code fixtures/reference-mlp.safetensors} was written by
 * huggingface's safetensors ({@code safetensors.numpy.save_file}, 0.8.0) with {@code fixtures/make_safetensors_fixture.py},
 * committed with the script; no Python is needed to run this test. The file holds the {@code state_dict} of
 * {@code nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))} with known F32 values and our model metadata;
 * {@code reference-mlp-probe.json} holds the forward pass the script computed from those weights.
 *
 * <p>Byte equality with the reference does not hold, and cannot: the reference writes the header's
 * {@code __metadata__} first, each tensor's fields as {@code dtype, shape, data_offsets}, and the metadata entries in
 * Rust {@code HashMap} order (which changes from run to run); our canonical encoder sorts every key. What does hold,
 * and is asserted: the same header length (so the same padding to 8 bytes with spaces), an equal header as JSON, and
 * a byte-identical data section (both lay tensors out in name order, for one dtype). The other direction, the
 * reference reading our file ({@code defl-mlp.safetensors}, asserted here to be our encoder's output), is checked by
 * the script when it is run.
 */
class SafetensorsReferenceFixtureTest {
    private static final String DIR = "/dev/defl/engine/learning/fixtures/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The values the script writes, as float32. */
    private static final Map<String, float[]> VALUES = Map.of(
            "0.weight", new float[] {0.5f, -0.25f, 0.1f, 1.0f, -1.5f, 0.75f, 0.0f, -0.3f, 2.0f, 0.125f, -0.0625f, 0.2f},
            "0.bias", new float[] {0.1f, -0.0f, 1e-40f},
            "2.weight", new float[] {1.0f, -2.0f, 0.5f, -0.5f, 1.5f, 0.25f},
            "2.bias", new float[] {0.05f, -0.05f});
    private static final Map<String, long[]> SHAPES = Map.of(
            "0.weight", new long[] {3, 4}, "0.bias", new long[] {3}, "2.weight", new long[] {2, 3}, "2.bias", new long[] {2});
    private static final Map<String, String> METADATA = Map.of(
            "format", "pt", "architecture", "mlp-relu", "input_size", "4", "hidden_sizes", "3", "num_classes", "2",
            "torch_module", "torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))");

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = SafetensorsReferenceFixtureTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as("test resource " + DIR + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void decodesTheReferenceFileBitForBit() throws Exception {
        SafetensorsFile file = SafetensorsCodec.decode(fixture("reference-mlp.safetensors"));
        assertThat(file.weights().tensors().keySet()).containsExactly("0.bias", "0.weight", "2.bias", "2.weight");
        for (String name : VALUES.keySet()) {
            Tensor t = file.weights().tensor(name);
            assertThat(t.shape()).as(name).containsExactly(SHAPES.get(name));
            assertThat(bits(t.values())).as(name).containsExactly(bits(VALUES.get(name)));
        }
        assertThat(Float.floatToRawIntBits(file.weights().tensor("0.bias").values()[1])).as("-0.0 keeps its sign").isEqualTo(0x80000000);
        assertThat(file.metadata()).isEqualTo(METADATA);
        assertThat(ModelSpec.fromMetadata(file.metadata())).isEqualTo(new ModelSpec(ModelSpec.MLP_RELU, 4, new int[] {3}, 2));
        assertThat(ModelSpec.fromMetadata(file.metadata()).torchModule()).isEqualTo(METADATA.get("torch_module"));
    }

    @Test
    void ourEncodingDiffersFromTheReferenceOnlyInHeaderKeyOrder() throws Exception {
        byte[] reference = fixture("reference-mlp.safetensors");
        SafetensorsFile file = SafetensorsCodec.decode(reference);
        byte[] ours = SafetensorsCodec.encode(file.weights(), file.metadata());
        assertThat(ours).as("our encoder's output is the committed defl-mlp.safetensors, which the script reads back "
                + "with the reference").isEqualTo(fixture("defl-mlp.safetensors"));

        assertThat(ours).hasSameSizeAs(reference);
        long headerLength = ByteBuffer.wrap(reference).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(headerLength % 8).as("the reference pads its header to 8 bytes").isZero();
        assertThat(ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN).getLong(0)).isEqualTo(headerLength);
        int dataStart = 8 + (int) headerLength;
        assertThat(Arrays.copyOfRange(ours, dataStart, ours.length)).as("data section")
                .isEqualTo(Arrays.copyOfRange(reference, dataStart, reference.length));
        assertThat(JSON.readTree(Arrays.copyOfRange(ours, 8, dataStart)))
                .isEqualTo(JSON.readTree(Arrays.copyOfRange(reference, 8, dataStart)));
        assertThat(new String(reference, 8, 16, java.nio.charset.StandardCharsets.UTF_8))
                .as("why bytes differ: the reference writes __metadata__ first, we sort keys").isEqualTo("{\"__metadata__\":");
    }

    @Test
    void theReferenceWeightsGiveTheReferenceForwardPassInDjl() throws Exception {
        SafetensorsFile file = SafetensorsCodec.decode(fixture("reference-mlp.safetensors"));
        JsonNode probe = JSON.readTree(fixture("reference-mlp-probe.json"));
        int rows = probe.get("labels").size();
        float[] features = new float[rows * 4];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = probe.get("labels").get(r).asInt();
            for (int c = 0; c < 4; c++) features[r * 4 + c] = (float) probe.get("inputs").get(r).get(c).asDouble();
        }
        ModelSpec spec = ModelSpec.fromMetadata(file.metadata());
        EvalResult eval = new LocalTrainer().evaluate(spec, file.weights(),
                new LabeledDataset("probe", features, labels, 4, 2, null, "none"));
        // float32 arithmetic in libtorch vs float64 in numpy: agree to ~1e-7 on logits of this size
        assertThat(eval.loss()).isCloseTo(probe.get("mean_cross_entropy").asDouble(), within(1e-5));
        assertThat(eval.accuracy()).isEqualTo(probe.get("accuracy").asDouble());
        assertThat(eval.samples()).isEqualTo(rows);
    }

    private static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < values.length; i++) b[i] = Float.floatToRawIntBits(values[i]);
        return b;
    }
}
