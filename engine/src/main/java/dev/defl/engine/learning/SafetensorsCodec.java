package dev.defl.engine.learning;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encoder/decoder for the safetensors format (<a href="https://github.com/huggingface/safetensors">huggingface/safetensors</a>,
 * README "Format"), restricted to dtype {@code F32}.
 *
 * <p>Layout: 8 bytes little-endian unsigned {@code N}; {@code N} bytes of UTF-8 JSON header
 * {@code {"<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {string: string}}}
 * where offsets are relative to the byte buffer that follows; then the byte buffer of little-endian IEEE-754 floats.
 *
 * <p>Encoding is canonical: tensors are laid out in sorted name order, the JSON is compact with keys sorted
 * (Jackson, {@code ORDER_MAP_ENTRIES_BY_KEYS}), the header is padded with spaces ({@code 0x20}) to a multiple of 8
 * bytes (so the buffer is 8-byte aligned), and nothing time-dependent is written: equal weights and metadata give
 * equal bytes.
 */
public final class SafetensorsCodec {
    /** Header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";
    /** Largest header accepted when decoding, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /**
     * Header bytes allowed, beyond the tensors' own, when reading a model file whose parameter count is known
     * ({@link #maxModelFileBytes}): 1 MiB; a model's header (names, shapes, metadata) is a few KiB.
     */
    public static final int MODEL_HEADER_ALLOWANCE_BYTES = 1 << 20;

    /**
     * Most bytes a safetensors file of a model of {@code parameters} F32 parameters may take: the 8-byte length, a
     * header of {@link #MODEL_HEADER_ALLOWANCE_BYTES} and 4 bytes per parameter, capped at the largest Java array. For
     * reading a peer's model ({@code ContentStore.catBytes(cid, maxBytes)}) without letting it size the buffer.
     *
     * @param parameters the model's parameter count, {@code >= 0}
     * @return the limit in bytes
     */
    public static long maxModelFileBytes(long parameters) {
        if (parameters < 0) throw new IllegalArgumentException("parameters must be >= 0, got " + parameters);
        return Math.min(Integer.MAX_VALUE - 8, 8L + MODEL_HEADER_ALLOWANCE_BYTES + 4 * Math.min(parameters, Integer.MAX_VALUE));
    }

    /** Metadata key of the dataset's preprocessing ({@link LabeledDataset#preprocessing()}). */
    public static final String KEY_PREPROCESSING = "preprocessing";
    /** Metadata key of the dataset name. */
    public static final String KEY_DATASET = "dataset";
    /** Metadata key of the input image shape, "rows,cols" (grey scale) or "channels,rows,cols", when the inputs are images. */
    public static final String KEY_IMAGE_SHAPE = "image_shape";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
            .build();

    private SafetensorsCodec() {
    }

    /**
     * Metadata that lets another tool rebuild the model and its input pipeline: {@link ModelSpec#toMetadata()} plus
     * {@code "format": "pt"}, the dataset name, its preprocessing, {@code input_size}, {@code num_classes} and (for
     * images) {@code image_shape}. The task type: a regressor's metadata has {@code "task": "regression"} and its
     * {@code target_mean} / {@code target_std} ({@link ModelSpec#toMetadata()}); a classifier's has no {@code task}
     * key, so that classifier files (and their CIDs) are those written before regression existed.
     *
     * @throws IllegalArgumentException if the dataset's feature or class count differs from the spec, or one is a
     *                                  regression and the other not
     */
    public static Map<String, String> modelMetadata(ModelSpec spec, LabeledDataset data) {
        if (spec.inputSize() != data.numFeatures() || spec.isRegression() != data.isRegression()
                || (!spec.isRegression() && spec.numClasses() != data.numClasses())) {
            throw new IllegalArgumentException(spec + " does not fit dataset " + data);
        }
        Map<String, String> m = new TreeMap<>(spec.toMetadata());
        m.put("format", "pt");
        m.put(KEY_DATASET, datasetFamily(data.name()));
        m.put(KEY_PREPROCESSING, data.preprocessing() == null ? "none" : data.preprocessing());
        if (data.imageShape() != null && data.imageShape().length >= 2) {
            m.put(KEY_IMAGE_SHAPE, java.util.Arrays.stream(data.imageShape()).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        return m;
    }

    private static String datasetFamily(String name) {
        int slash = name.lastIndexOf('/');
        return slash > 0 ? name.substring(0, slash) : name;
    }

    /**
     * Encodes weights and metadata.
     *
     * @return the file's bytes; deterministic (see the class comment)
     */
    public static byte[] encode(ModelWeights weights, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : weights.tensors().entrySet()) {
            Tensor t = e.getValue();
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", "F32");
            ArrayNode shape = info.putArray("shape");
            for (long s : t.shape()) shape.add(s);
            ArrayNode offsets = info.putArray("data_offsets");
            offsets.add(offset);
            offset += 4L * t.size();
            offsets.add(offset);
        }
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(sortedTree(header));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise safetensors header", e);
        }
        int padded = (json.length + 7) & ~7;
        if (offset > Integer.MAX_VALUE - 8 - padded) throw new IllegalArgumentException("weights too large for one byte array: " + offset + " bytes");
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (Tensor t : weights.tensors().values()) {
            out.asFloatBuffer().put(t.values());
            out.position(out.position() + 4 * t.size());
        }
        return out.array();
    }

    /** Converts an ObjectNode into nested sorted maps so ORDER_MAP_ENTRIES_BY_KEYS applies at every level. */
    private static Object sortedTree(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, Object> m = new TreeMap<>();
            node.properties().forEach(e -> m.put(e.getKey(), sortedTree(e.getValue())));
            return m;
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>();
            node.forEach(n -> l.add(sortedTree(n)));
            return l;
        }
        if (node.isTextual()) return node.textValue();
        if (node.isNumber()) return node.numberValue();
        throw new IllegalStateException("unexpected JSON node " + node);
    }

    /**
     * Decodes and validates a safetensors file.
     *
     * @throws SafetensorsFormatException if the header length exceeds the file, the header is not a JSON object, a
     *                                    dtype other than F32 occurs, the shape or offsets are malformed, offsets are not
     *                                    contiguous from 0 to the end of the buffer, or {@code Π shape × 4} differs from a
     *                                    tensor's byte length. NaN and ±Inf values are accepted.
     */
    public static SafetensorsFile decode(byte[] bytes) throws SafetensorsFormatException {
        SafetensorsHeader header = header(bytes, bytes.length);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.byOffset()) {
            float[] values = new float[(int) (e.byteLength() / 4)];
            buf.slice((int) (header.dataStart() + e.begin()), (int) e.byteLength()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(e.name(), new Tensor(e.shape(), values));
        }
        return new SafetensorsFile(new ModelWeights(tensors), header.metadata());
    }

    /**
     * The header length {@code N} that the first 8 bytes of a safetensors file of {@code fileSize} bytes give, checked:
     * the header (bytes {@code [8, 8 + N)}) lies within the file and within {@link #MAX_HEADER_BYTES}.
     *
     * @param first8   at least the file's first 8 bytes
     * @param fileSize the whole file's size in bytes
     * @throws SafetensorsFormatException if the file is shorter than 8 bytes or {@code N} is beyond the file or the limit
     */
    public static long headerLength(byte[] first8, long fileSize) throws SafetensorsFormatException {
        if (fileSize < 8 || first8.length < 8) {
            throw new SafetensorsFormatException("file is " + fileSize + " bytes, shorter than the 8-byte header length");
        }
        long n = ByteBuffer.wrap(first8, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > fileSize - 8L) {
            throw new SafetensorsFormatException("header length " + Long.toUnsignedString(n) + " bytes is beyond the file ("
                    + (fileSize - 8) + " bytes after the length prefix)");
        }
        if (n > MAX_HEADER_BYTES) throw new SafetensorsFormatException("header length " + n + " bytes exceeds " + MAX_HEADER_BYTES);
        return n;
    }

    /**
     * Parses and validates the header of a safetensors file of {@code fileSize} bytes from its first bytes, with the
     * checks of {@link #decode} (which uses it): so the tensors' offsets, read from the header alone, are those a full
     * decode would use. For reading a stored file by ranges without holding it whole.
     *
     * @param prefix   the file's first bytes: at least {@code 8 + N}, {@code N} = {@link #headerLength}
     * @param fileSize the whole file's size in bytes (the tensors must cover the bytes after the header exactly)
     * @throws SafetensorsFormatException as {@link #decode}, naming what is wrong; also if {@code prefix} is shorter than
     *                                    the header it announces
     */
    public static SafetensorsHeader header(byte[] prefix, long fileSize) throws SafetensorsFormatException {
        long n = headerLength(prefix, fileSize);
        if (prefix.length < 8 + n) {
            throw new SafetensorsFormatException("header of " + n + " bytes but only " + (prefix.length - 8) + " were read");
        }
        if (n == 0 || prefix[8] != '{') throw new SafetensorsFormatException("header must begin with '{' (byte 8)");
        String headerText = new String(prefix, 8, (int) n, StandardCharsets.UTF_8);
        JsonNode header;
        try {
            header = JSON.readTree(headerText);
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException("header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) throw new SafetensorsFormatException("header is not a JSON object");

        long bufferStart = 8 + n;
        long bufferLength = fileSize - bufferStart;
        Map<String, String> metadata = new TreeMap<>();
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA_KEY)) {
                if (!v.isObject()) throw new SafetensorsFormatException("\"__metadata__\" must be an object of strings");
                for (Iterator<Map.Entry<String, JsonNode>> mi = v.fields(); mi.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = mi.next();
                    if (!m.getValue().isTextual()) throw new SafetensorsFormatException("metadata value of '" + m.getKey() + "' is not a string");
                    metadata.put(m.getKey(), m.getValue().textValue());
                }
                continue;
            }
            if (name.isBlank()) throw new SafetensorsFormatException("a tensor has a blank name '" + name + "'");
            if (!v.isObject()) throw new SafetensorsFormatException("tensor '" + name + "': entry is not an object");
            JsonNode dtype = v.get("dtype");
            if (dtype == null || !dtype.isTextual()) throw new SafetensorsFormatException("tensor '" + name + "': missing dtype");
            if (!dtype.textValue().equals("F32")) {
                throw new SafetensorsFormatException("tensor '" + name + "': unsupported dtype " + dtype.textValue() + " (only F32 is supported)");
            }
            long[] shape = longArray(v.get("shape"), name, "shape", -1);
            for (long s : shape) if (s < 0) throw new SafetensorsFormatException("tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
            long[] off = longArray(v.get("data_offsets"), name, "data_offsets", 2);
            if (off[0] < 0 || off[1] < off[0] || off[1] > bufferLength) {
                throw new SafetensorsFormatException("tensor '" + name + "': data_offsets " + Arrays.toString(off)
                        + " out of range of the " + bufferLength + "-byte buffer");
            }
            long count = Tensor.elementCount(shape);
            if (count < 0 || count * 4 != off[1] - off[0]) {
                throw new SafetensorsFormatException("tensor '" + name + "': shape " + Arrays.toString(shape) + " × 4 bytes = "
                        + (count < 0 ? "overflow" : Long.toString(count * 4)) + " but data_offsets span " + (off[1] - off[0]) + " bytes");
            }
            entries.add(new SafetensorsHeader.Entry(name, "F32", shape, off[0], off[1]));
        }
        entries.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin).thenComparingLong(SafetensorsHeader.Entry::end));
        long expected = 0;
        for (SafetensorsHeader.Entry e : entries) {
            if (e.begin() != expected) {
                throw new SafetensorsFormatException("tensor '" + e.name() + "': data_offsets begin at " + e.begin()
                        + " but the previous tensor ends at " + expected + " (offsets must be contiguous, no gaps or overlaps)");
            }
            expected = e.end();
        }
        if (expected != bufferLength) {
            throw new SafetensorsFormatException("tensors cover " + expected + " bytes but the buffer after the header has "
                    + bufferLength + " bytes");
        }
        if (entries.isEmpty()) throw new SafetensorsFormatException("file holds no tensors");
        return new SafetensorsHeader(n, fileSize, entries, metadata);
    }

    private static long[] longArray(JsonNode node, String tensor, String field, int requiredLength) throws SafetensorsFormatException {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            throw new SafetensorsFormatException("tensor '" + tensor + "': " + field + " must be an array"
                    + (requiredLength >= 0 ? " of " + requiredLength + " integers" : " of integers"));
        }
        long[] a = new long[node.size()];
        for (int i = 0; i < a.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong()) {
                throw new SafetensorsFormatException("tensor '" + tensor + "': " + field + "[" + i + "] = " + x + " is not an integer");
            }
            a[i] = x.longValue();
        }
        return a;
    }
}
