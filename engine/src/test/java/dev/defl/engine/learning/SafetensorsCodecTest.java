package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsCodecTest {
    private static ModelWeights small() {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("0.weight", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("0.bias", new Tensor(new long[] {2}, new float[] {-0.5f, Float.NaN}));
        t.put("2.weight", new Tensor(new long[] {1, 2}, new float[] {Float.POSITIVE_INFINITY, 1e-30f}));
        t.put("2.bias", new Tensor(new long[] {1}, new float[] {7}));
        return new ModelWeights(t);
    }

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    @Test
    void roundTripKeepsTensorsAndMetadata() throws Exception {
        ModelWeights w = small();
        Map<String, String> meta = Map.of("architecture", "mlp-relu", "preprocessing", "pixel/255");
        SafetensorsFile f = SafetensorsCodec.decode(SafetensorsCodec.encode(w, meta));
        assertThat(f.weights()).isEqualTo(w);
        assertThat(f.metadata()).isEqualTo(meta);
        assertThat(f.weights().tensors().keySet()).containsExactly("0.bias", "0.weight", "2.bias", "2.weight");
    }

    @Test
    void equalInputsEncodeToIdenticalBytesAndReencodingIsStable() throws Exception {
        Map<String, String> meta = new TreeMap<>(Map.of("b", "2", "a", "1"));
        byte[] one = SafetensorsCodec.encode(small(), meta);
        byte[] two = SafetensorsCodec.encode(small(), Map.of("a", "1", "b", "2"));
        assertThat(one).isEqualTo(two);
        SafetensorsFile decoded = SafetensorsCodec.decode(one);
        assertThat(SafetensorsCodec.encode(decoded.weights(), decoded.metadata())).isEqualTo(one);
    }

    @Test
    void headerFollowsTheSpec() {
        byte[] bytes = SafetensorsCodec.encode(small(), Map.of("format", "pt"));
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"0.bias\":{\"data_offsets\":[0,8],\"dtype\":\"F32\",\"shape\":[2]},"
                + "\"0.weight\":{\"data_offsets\":[8,32],\"dtype\":\"F32\",\"shape\":[2,3]},");
        assertThat(header).contains("\"__metadata__\":{\"format\":\"pt\"}");
        assertThat(header.stripTrailing()).endsWith("}");
        assertThat(bytes.length).isEqualTo(8 + n + 4 * 11);
        // first float of the buffer is 0.bias[0] = -0.5, little-endian
        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + (int) n)).isEqualTo(-0.5f);
    }

    @Test
    void modelMetadataRecordsArchitectureAndPreprocessing() throws Exception {
        ModelSpec spec = ModelSpec.twoNN(64, 10);
        LabeledDataset ds = Datasets.load("digits", 1).train();
        Map<String, String> meta = SafetensorsCodec.modelMetadata(spec, ds);
        assertThat(ModelSpec.fromMetadata(meta)).isEqualTo(spec);
        assertThat(meta).containsEntry("input_size", "64").containsEntry("num_classes", "10").containsEntry("hidden_sizes", "200,200")
                .containsEntry("dataset", "digits").containsEntry("image_shape", "8,8").containsKey("preprocessing")
                .containsEntry("torch_module", "torch.nn.Sequential(torch.nn.Linear(64, 200), torch.nn.ReLU(), "
                        + "torch.nn.Linear(200, 200), torch.nn.ReLU(), torch.nn.Linear(200, 10))");
    }

    @Test
    void rejectsHeaderLengthBeyondFile() {
        byte[] b = SafetensorsCodec.encode(small(), Map.of());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length);
        assertThatThrownBy(() -> SafetensorsCodec.decode(b)).isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("beyond the file");
        assertThatThrownBy(() -> SafetensorsCodec.decode(new byte[5])).isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("5 bytes");
    }

    @Test
    void rejectsBadJson() {
        assertThatThrownBy(() -> SafetensorsCodec.decode(file("{\"a\":", new byte[0])))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsUnsupportedDtype() {
        assertThatThrownBy(() -> SafetensorsCodec.decode(file("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4])))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("'x'").hasMessageContaining("unsupported dtype F16");
    }

    @Test
    void rejectsShapeThatDisagreesWithByteLength() {
        assertThatThrownBy(() -> SafetensorsCodec.decode(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8])))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("'x'").hasMessageContaining("12").hasMessageContaining("8 bytes");
    }

    @Test
    void rejectsGapsAndOutOfRangeOffsets() {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertThatThrownBy(() -> SafetensorsCodec.decode(file(gap, new byte[12])))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("'b'").hasMessageContaining("contiguous");
        String beyond = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertThatThrownBy(() -> SafetensorsCodec.decode(file(beyond, new byte[4])))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("out of range");
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafetensorsCodec.decode(file(trailing, new byte[8])))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("cover 4 bytes").hasMessageContaining("8 bytes");
    }

    @Test
    void acceptsNanAndInfinityValues() throws Exception {
        SafetensorsFile f = SafetensorsCodec.decode(SafetensorsCodec.encode(small(), Map.of()));
        assertThat(Float.isNaN(f.weights().tensor("0.bias").values()[1])).isTrue();
        assertThat(Arrays.asList(f.weights().tensor("2.weight").values()[0])).containsExactly(Float.POSITIVE_INFINITY);
    }
}
