package dev.defl.engine.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The description of a dataset published to the content store ({@link DatasetPublisher}): its shape, and the CIDs of
 * the safetensors shards ({@link DatasetShardCodec}) of its train and test parts. As JSON (compact, keys sorted, no
 * time stamps, so equal datasets give equal manifest CIDs):
 * <pre>{@code
 * {"format":"defl-dataset/1","imageShape":[28,28],"name":"digits","numClasses":10,"numFeatures":64,
 *  "preprocessing":"...","test":{"rows":360,"shards":[{"cid":"bafk...","rows":360}]},
 *  "train":{"rows":1437,"shards":[{"cid":"bafk...","rows":1024},{"cid":"bafk...","rows":413}]}}
 * }</pre>
 *
 * @param format        {@link #FORMAT}
 * @param name          dataset name without the {@code /train} suffix, e.g. {@code "digits"}
 * @param numFeatures   features per row {@code d}
 * @param numClasses    classes, labels are in {@code [0, numClasses)}
 * @param imageShape    {@link LabeledDataset#imageShape()}, or {@code null}
 * @param preprocessing {@link LabeledDataset#preprocessing()}, or {@code null}
 * @param train         the training part
 * @param test          the test part
 */
public record DatasetManifest(String format, String name, int numFeatures, int numClasses, int[] imageShape,
                              String preprocessing, Part train, Part test) {
    /** The manifest format this code writes and reads. */
    public static final String FORMAT = "defl-dataset/1";

    /*
     * Limits on what a manifest may declare. A peer chooses every field of a manifest it publishes, and readers size
     * arrays from them (class counts per client, the feature matrix), so each is checked before anything is allocated.
     */
    /** Largest manifest read from a content store, in bytes of JSON: 16 MiB (room for {@link #MAX_SHARDS} shards per part). */
    public static final int MAX_MANIFEST_BYTES = 16 << 20;
    /** Most classes ({@code numClasses}) a manifest may declare; readers allocate per-class counts per client. */
    public static final int MAX_CLASSES = 100_000;
    /** Most features per row ({@code numFeatures}) a manifest may declare: 2^24, a 3×2364×2364 image. */
    public static final int MAX_FEATURES = 1 << 24;
    /** Most dimensions of {@code imageShape}: {@code [height, width]} or {@code [channels, height, width]}. */
    public static final int MAX_IMAGE_DIMENSIONS = 3;
    /** Most shards in one part (train or test) of a manifest. */
    public static final int MAX_SHARDS = 1 << 16;
    /**
     * Most feature values ({@code rows × numFeatures}) in one part, which a reader holds in one {@code float} array:
     * 2^28 values, 1 GiB. Fashion-MNIST's training part has 47 million.
     */
    public static final long MAX_PART_VALUES = 1L << 28;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .build();

    /**
     * One shard file.
     *
     * @param cid  CID of the safetensors file, as text
     * @param rows rows in the shard
     */
    public record Shard(String cid, int rows) {
        /** @throws IllegalArgumentException if {@code rows <= 0} or {@code cid} is not a CID (a {@link MalformedCidException}) */
        public Shard {
            Objects.requireNonNull(cid, "cid");
            if (rows <= 0) throw new IllegalArgumentException("shard rows must be > 0, got " + rows);
            Cid.parse(cid);
        }
    }

    /**
     * A train or test part: its rows, in shard order.
     *
     * @param rows   total rows, the sum of the shards' rows
     * @param shards the shards in row order
     */
    public record Part(int rows, List<Shard> shards) {
        /** @throws IllegalArgumentException if there are more than {@link #MAX_SHARDS} shards or their rows do not add up to {@code rows} */
        public Part {
            if (shards.size() > MAX_SHARDS) {
                throw new IllegalArgumentException("a part lists " + shards.size() + " shards, more than the limit " + MAX_SHARDS);
            }
            shards = List.copyOf(shards);
            long sum = shards.stream().mapToLong(Shard::rows).sum();
            if (sum != rows) throw new IllegalArgumentException("part declares " + rows + " rows but its shards hold " + sum);
        }
    }

    /**
     * @throws IllegalArgumentException naming the bad field: a size out of range or beyond its limit
     *                                  ({@link #MAX_CLASSES}, {@link #MAX_FEATURES}, {@link #MAX_IMAGE_DIMENSIONS},
     *                                  {@link #MAX_PART_VALUES}), an {@code imageShape} that does not hold
     *                                  {@code numFeatures}, or a shard CID listed twice in one part
     */
    public DatasetManifest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (numFeatures <= 0) throw new IllegalArgumentException("numFeatures must be > 0, got " + numFeatures);
        requireWithin("numFeatures", numFeatures, MAX_FEATURES);
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
        requireWithin("numClasses", numClasses, MAX_CLASSES);
        if (imageShape != null) {
            imageShape = imageShape.clone();
            requireWithin("imageShape length", imageShape.length, MAX_IMAGE_DIMENSIONS);
            long product = 1;
            for (int s : imageShape) {
                if (s <= 0) throw new IllegalArgumentException("imageShape " + Arrays.toString(imageShape) + " has a dimension <= 0");
                product *= s; // at most 3 factors below 2^31: no overflow
            }
            if (product != numFeatures) {
                throw new IllegalArgumentException("imageShape " + Arrays.toString(imageShape) + " does not hold " + numFeatures + " features");
            }
        }
        requireWithin("train.rows × numFeatures", (long) train.rows() * numFeatures, MAX_PART_VALUES);
        requireWithin("test.rows × numFeatures", (long) test.rows() * numFeatures, MAX_PART_VALUES);
        // A shard listed twice in one part counts its rows twice. Across parts the same CID is allowed: content
        // addressing gives a test shard byte-identical to a train shard the same CID (the publisher cannot avoid it).
        for (String partName : List.of("train", "test")) {
            Map<Cid, String> seen = new HashMap<>();
            List<Shard> shards = partName.equals("train") ? train.shards() : test.shards();
            for (int i = 0; i < shards.size(); i++) {
                String at = partName + ".shards[" + i + "]";
                String first = seen.putIfAbsent(Cid.parse(shards.get(i).cid()).toV1(), at);
                if (first != null) {
                    throw new IllegalArgumentException(at + " lists shard " + shards.get(i).cid() + ", which " + first + " already lists"
                            + " (a shard may appear once in a part)");
                }
            }
        }
    }

    private static void requireWithin(String field, long value, long limit) {
        if (value > limit) throw new IllegalArgumentException("dataset manifest field " + field + " = " + value + " exceeds the limit " + limit);
    }

    @Override
    public int[] imageShape() {
        return imageShape == null ? null : imageShape.clone();
    }

    /** The manifest's JSON bytes (UTF-8, compact, keys sorted); deterministic. */
    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("name", name);
        m.put("numFeatures", numFeatures);
        m.put("numClasses", numClasses);
        m.put("imageShape", imageShape);
        m.put("preprocessing", preprocessing);
        m.put("train", partJson(train));
        m.put("test", partJson(test));
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise dataset manifest", e);
        }
    }

    private static Map<String, Object> partJson(Part p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", p.rows());
        m.put("shards", p.shards().stream().map(s -> Map.of("cid", s.cid(), "rows", s.rows())).toList());
        return m;
    }

    /** The manifest as indented JSON text, for people. */
    public String toPrettyJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(toJson()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot format dataset manifest", e);
        }
    }

    /**
     * Parses manifest JSON.
     *
     * @param json  the manifest's bytes, at most {@link #MAX_MANIFEST_BYTES}
     * @param where what the bytes are, for messages (e.g. {@code "dataset manifest bafy..."})
     * @throws DatasetFormatException naming {@code where} and the field when the JSON is malformed or longer than
     *                                {@link #MAX_MANIFEST_BYTES}, the format is not {@link #FORMAT}, a field is missing,
     *                                out of range or beyond its limit (the constructor's), a shard CID is malformed or
     *                                listed twice in one part
     */
    public static DatasetManifest parse(byte[] json, String where) throws DatasetFormatException {
        if (json.length > MAX_MANIFEST_BYTES) {
            throw new DatasetFormatException(where + " is " + json.length + " bytes, more than the limit " + MAX_MANIFEST_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new DatasetFormatException(where + " is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new DatasetFormatException(where + " is not a JSON object");
        JsonNode format = root.get("format");
        if (format == null || !FORMAT.equals(format.asText(null))) {
            throw new DatasetFormatException(where + ": format is " + format + ", expected \"" + FORMAT + "\"");
        }
        try {
            int[] imageShape = null;
            JsonNode shape = root.get("imageShape");
            if (shape != null && !shape.isNull()) {
                if (!shape.isArray()) throw new DatasetFormatException(where + ": imageShape is not an array");
                if (shape.size() > MAX_IMAGE_DIMENSIONS) {
                    throw new DatasetFormatException(where + ": dataset manifest field imageShape length = " + shape.size() + " exceeds the limit "
                            + MAX_IMAGE_DIMENSIONS);
                }
                imageShape = new int[shape.size()];
                for (int i = 0; i < imageShape.length; i++) imageShape[i] = intField(shape.get(i), where, "imageShape[" + i + "]");
            }
            JsonNode pre = root.get("preprocessing");
            return new DatasetManifest(FORMAT, text(root, "name", where), intField(root.get("numFeatures"), where, "numFeatures"),
                    intField(root.get("numClasses"), where, "numClasses"), imageShape, pre == null || pre.isNull() ? null : pre.asText(),
                    part(root.get("train"), where, "train"), part(root.get("test"), where, "test"));
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static Part part(JsonNode node, String where, String field) throws DatasetFormatException {
        if (node == null || !node.isObject()) throw new DatasetFormatException(where + ": " + field + " is missing or not an object");
        JsonNode shards = node.get("shards");
        if (shards == null || !shards.isArray()) throw new DatasetFormatException(where + ": " + field + ".shards is missing or not an array");
        if (shards.size() > MAX_SHARDS) {
            throw new DatasetFormatException(where + ": dataset manifest field " + field + ".shards length = " + shards.size() + " exceeds the limit "
                    + MAX_SHARDS);
        }
        List<Shard> list = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            JsonNode s = shards.get(i);
            list.add(new Shard(text(s, "cid", where + " " + field + ".shards[" + i + "]"),
                    intField(s.get("rows"), where, field + ".shards[" + i + "].rows")));
        }
        return new Part(intField(node.get("rows"), where, field + ".rows"), list);
    }

    private static String text(JsonNode node, String field, String where) throws DatasetFormatException {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual()) throw new DatasetFormatException(where + ": " + field + " is missing or not a string");
        return v.textValue();
    }

    private static int intField(JsonNode v, String where, String field) throws DatasetFormatException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new DatasetFormatException(where + ": " + field + " is missing or not an integer");
        }
        return v.intValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetManifest m && format.equals(m.format) && name.equals(m.name) && numFeatures == m.numFeatures
                && numClasses == m.numClasses && Arrays.equals(imageShape, m.imageShape) && Objects.equals(preprocessing, m.preprocessing)
                && train.equals(m.train) && test.equals(m.test);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, name, numFeatures, numClasses, Arrays.hashCode(imageShape), preprocessing, train, test);
    }
}
