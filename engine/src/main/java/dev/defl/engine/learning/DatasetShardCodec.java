package dev.defl.engine.learning;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One shard of a published dataset as a safetensors file
 * (<a href="https://github.com/huggingface/safetensors">huggingface/safetensors</a>, README "Format"):
 * {@code "features"} F32 {@code [n, d]} (row-major, as {@link LabeledDataset#features()}) and {@code "labels"} I64
 * {@code [n]} (the dtype of PyTorch class indices), so that {@code safetensors.torch.load_file(shard)} yields a
 * {@code TensorDataset}'s two tensors. No {@code __metadata__} is written.
 *
 * <p>Separate from {@link SafetensorsCodec}, which is restricted to F32 model weights: a shard mixes F32 and I64. The
 * encoding follows the same canonical rules: tensors laid out in sorted name order, compact JSON header with sorted
 * keys, padded with spaces to a multiple of 8 bytes, little-endian data; equal rows give equal bytes (so equal CIDs).
 * Another tensor (e.g. regression {@code "targets"} F32 {@code [n]}) is one more entry in {@link #encode}'s map.
 */
public final class DatasetShardCodec {
    /** Tensor name of the feature matrix, F32 {@code [n, d]}. */
    public static final String FEATURES = "features";
    /** Tensor name of the class labels, I64 {@code [n]}. */
    public static final String LABELS = "labels";
    /** Name of the real-valued targets tensor, F32 {@code [n]}, present only in the shards of a regression dataset. */
    public static final String TARGETS = "targets";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
            .build();

    private DatasetShardCodec() {
    }

    /** Element types a shard may hold. */
    public enum DType {
        F32(4), I64(8);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * A decoded tensor: its dtype, shape and little-endian data.
     *
     * @param dtype element type
     * @param shape dimensions
     * @param data  {@code Π shape × dtype size} bytes, little-endian (read-only view)
     */
    public record RawTensor(DType dtype, long[] shape, ByteBuffer data) {
        public RawTensor {
            shape = shape.clone();
            data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** F32 values. @throws IllegalStateException if the dtype is not F32 */
        public float[] floats() {
            if (dtype != DType.F32) throw new IllegalStateException("tensor is " + dtype + ", not F32");
            float[] v = new float[data.remaining() / 4];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return v;
        }

        /** I64 values. @throws IllegalStateException if the dtype is not I64 */
        public long[] longs() {
            if (dtype != DType.I64) throw new IllegalStateException("tensor is " + dtype + ", not I64");
            long[] v = new long[data.remaining() / 8];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
            return v;
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /**
     * Rows {@code [from, to)} of {@code data} as a shard: {@code "features"} F32 {@code [to-from, d]} and
     * {@code "labels"} I64 {@code [to-from]}, and for a regression dataset {@code "targets"} F32 {@code [to-from]}
     * (the labels are then the target's decile bins, see {@link LabeledDataset#targets()}).
     *
     * @return the safetensors bytes; deterministic
     * @throws IllegalArgumentException if the range is outside the dataset or the shard exceeds 2 GiB
     */
    public static byte[] encode(LabeledDataset data, int from, int to) {
        if (from < 0 || to > data.size() || from > to) throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + data.size() + ")");
        int n = to - from;
        int d = data.numFeatures();
        if ((long) n * d * 4 + (long) n * 8 > Integer.MAX_VALUE - (1 << 20)) {
            throw new IllegalArgumentException("shard of " + n + " rows × " + d + " features exceeds 2 GiB; use fewer rows per shard");
        }
        ByteBuffer features = ByteBuffer.allocate(n * d * 4).order(ByteOrder.LITTLE_ENDIAN);
        features.asFloatBuffer().put(data.features(), from * d, n * d);
        ByteBuffer labels = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) labels.putLong(data.labels()[i]);
        labels.flip();
        SortedMap<String, RawTensor> tensors = new TreeMap<>();
        tensors.put(FEATURES, new RawTensor(DType.F32, new long[] {n, d}, features));
        tensors.put(LABELS, new RawTensor(DType.I64, new long[] {n}, labels));
        if (data.targets() != null) {
            ByteBuffer targets = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            targets.asFloatBuffer().put(data.targets(), from, n);
            tensors.put(TARGETS, new RawTensor(DType.F32, new long[] {n}, targets));
        }
        return encode(tensors);
    }

    /**
     * Encodes tensors in sorted name order (see the class comment).
     *
     * @throws IllegalArgumentException if a tensor's data length differs from its shape
     */
    public static byte[] encode(SortedMap<String, RawTensor> tensors) {
        Map<String, Object> header = new TreeMap<>();
        long offset = 0;
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            RawTensor t = e.getValue();
            long bytes = t.data().remaining();
            long count = Tensor.elementCount(t.shape());
            if (count < 0 || count * t.dtype().bytes != bytes) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "': shape " + Arrays.toString(t.shape()) + " does not match " + bytes + " bytes of " + t.dtype());
            }
            Map<String, Object> info = new TreeMap<>();
            info.put("dtype", t.dtype().name());
            info.put("shape", t.shape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise safetensors header", e);
        }
        int padded = (json.length + 7) & ~7;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (RawTensor t : tensors.values()) out.put(t.data().duplicate());
        return out.array();
    }

    /**
     * Decodes a shard's tensors (any names; dtypes F32 or I64), checking the header and that the data offsets are
     * contiguous and cover the buffer exactly.
     *
     * @throws SafetensorsFormatException saying what is malformed
     */
    public static SortedMap<String, RawTensor> decode(byte[] bytes) throws SafetensorsFormatException {
        if (bytes.length < 8) throw new SafetensorsFormatException("file is " + bytes.length + " bytes, shorter than the 8-byte header length");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n <= 0 || n > bytes.length - 8L || n > SafetensorsCodec.MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException("header length " + Long.toUnsignedString(n) + " bytes does not fit the " + bytes.length + "-byte file");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException("header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) throw new SafetensorsFormatException("header is not a JSON object");
        long bufferStart = 8 + n;
        long bufferLength = bytes.length - bufferStart;
        record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (name.equals(SafetensorsCodec.METADATA_KEY)) continue;
            JsonNode v = f.getValue();
            JsonNode dtypeNode = v.get("dtype");
            DType dtype;
            try {
                dtype = DType.valueOf(dtypeNode == null ? "" : dtypeNode.asText());
            } catch (IllegalArgumentException e) {
                throw new SafetensorsFormatException("tensor '" + name + "': unsupported dtype " + dtypeNode + " (expected F32 or I64)");
            }
            long[] shape = longs(v.get("shape"), name, "shape");
            long[] off = longs(v.get("data_offsets"), name, "data_offsets");
            long count = Tensor.elementCount(shape);
            if (off.length != 2 || off[0] < 0 || off[1] < off[0] || off[1] > bufferLength || count < 0 || count * dtype.bytes != off[1] - off[0]) {
                throw new SafetensorsFormatException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of " + dtype
                        + " does not match data_offsets " + Arrays.toString(off) + " in a " + bufferLength + "-byte buffer");
            }
            entries.add(new Entry(name, dtype, shape, off[0], off[1]));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        SortedMap<String, RawTensor> tensors = new TreeMap<>();
        for (Entry e : entries) {
            if (e.begin() != expected) throw new SafetensorsFormatException("tensor '" + e.name() + "': data_offsets are not contiguous");
            expected = e.end();
            tensors.put(e.name(), new RawTensor(e.dtype(), e.shape(), buf.slice((int) (bufferStart + e.begin()), (int) (e.end() - e.begin()))));
        }
        if (expected != bufferLength) throw new SafetensorsFormatException("tensors cover " + expected + " bytes but the buffer has " + bufferLength);
        return tensors;
    }

    private static long[] longs(JsonNode node, String tensor, String field) throws SafetensorsFormatException {
        if (node == null || !node.isArray()) throw new SafetensorsFormatException("tensor '" + tensor + "': " + field + " must be an array of integers");
        long[] a = new long[node.size()];
        for (int i = 0; i < a.length; i++) {
            if (!node.get(i).isIntegralNumber() || !node.get(i).canConvertToLong()) {
                throw new SafetensorsFormatException("tensor '" + tensor + "': " + field + "[" + i + "] = " + node.get(i) + " is not a 64-bit integer");
            }
            a[i] = node.get(i).longValue();
        }
        return a;
    }
}
