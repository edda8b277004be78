package dev.defl.engine.learning;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.ContentTooLargeException;
import dev.defl.engine.content.MalformedCidException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Publishes a train/test split to a content store as safetensors shards plus a JSON {@link DatasetManifest}, and
 * reads it back by the manifest's CID, so that peers train on the same rows by naming one CID.
 *
 * <p>Shards hold consecutive rows ({@link DatasetShardCodec}: {@code "features"} F32 {@code [n, d]}, {@code "labels"}
 * I64 {@code [n]}); row order is kept. Everything written is deterministic: equal datasets and shard sizes give equal
 * shard and manifest CIDs.
 */
public final class DatasetPublisher {
    /** Default rows per shard. */
    public static final int DEFAULT_SHARD_ROWS = 4096;
    /**
     * Largest safetensors header of a shard read from a store, in bytes: 64 KiB (a shard's header, three tensors, is
     * about 200 bytes). With the rows and features the manifest declares it bounds what a shard read may allocate.
     */
    public static final int MAX_SHARD_HEADER_BYTES = 64 << 10;

    private DatasetPublisher() {
    }

    /**
     * Adds {@code data}'s shards and manifest to {@code store} (pinned where the store pins what it adds).
     *
     * @param shardRows rows per shard ({@code > 0}); the last shard of each part may hold fewer
     * @return the manifest and its CID
     * @throws IllegalArgumentException if {@code shardRows <= 0} or a shard would exceed 2 GiB
     * @throws IOException              if storing fails
     */
    public static PublishedDataset publish(DatasetSplit data, ContentStore store, int shardRows) throws IOException {
        if (shardRows <= 0) throw new IllegalArgumentException("rows per shard must be > 0, got " + shardRows);
        LabeledDataset train = data.train();
        String name = familyName(train.name());
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, name, train.numFeatures(),
                Math.max(train.numClasses(), data.test().numClasses()), train.imageShape(), train.preprocessing(),
                publishPart(train, store, shardRows), publishPart(data.test(), store, shardRows));
        Cid cid = store.add(manifest.toJson());
        return new PublishedDataset(cid, manifest);
    }

    private static DatasetManifest.Part publishPart(LabeledDataset part, ContentStore store, int shardRows) throws IOException {
        List<DatasetManifest.Shard> shards = new ArrayList<>();
        for (int from = 0; from < part.size(); from += shardRows) {
            int to = (int) Math.min(part.size(), (long) from + shardRows);
            Cid cid = store.add(DatasetShardCodec.encode(part, from, to));
            shards.add(new DatasetManifest.Shard(cid.toString(), to - from));
        }
        return new DatasetManifest.Part(part.size(), shards);
    }

    /**
     * The manifest stored under {@code manifestCid}.
     *
     * @throws DatasetNotFoundException if the store lacks the manifest (the path is the store's directory)
     * @throws DatasetFormatException   naming the CID if it is not a {@link DatasetManifest#FORMAT} manifest, is larger than
     *                                  {@link DatasetManifest#MAX_MANIFEST_BYTES} or declares more than its limits allow
     * @throws IOException              if reading fails (e.g. a block does not hash to its CID)
     */
    public static DatasetManifest manifest(Cid manifestCid, ContentStore store) throws IOException {
        byte[] json;
        try {
            json = store.catBytes(manifestCid, DatasetManifest.MAX_MANIFEST_BYTES);
        } catch (ContentTooLargeException e) {
            throw new DatasetFormatException("dataset manifest " + manifestCid + " is larger than the limit of "
                    + DatasetManifest.MAX_MANIFEST_BYTES + " bytes", e);
        } catch (ContentNotFoundException e) {
            DatasetNotFoundException nf = new DatasetNotFoundException(store.root(), "dataset manifest " + manifestCid
                    + " not found in the content store at " + store.root() + " (" + e.getMessage() + ")");
            nf.initCause(e);
            throw nf;
        }
        return DatasetManifest.parse(json, "dataset manifest " + manifestCid);
    }

    /**
     * Reads the dataset published under {@code manifestCid}: parts named {@code <name>/train} and {@code <name>/test},
     * both with the manifest's class count, image shape and preprocessing, rows in published order.
     *
     * @throws DatasetNotFoundException if the store lacks the manifest or a shard (naming the CID)
     * @throws DatasetFormatException   naming the manifest or shard CID if the manifest is malformed, of another format
     *                                  or beyond its limits, a shard is larger than its rows take (plus
     *                                  {@link #MAX_SHARD_HEADER_BYTES} of header),
     *                                  a shard is not safetensors, lacks {@code features}/{@code labels}, has another
     *                                  shape or row count than the manifest says, holds a label outside
     *                                  {@code [0, numClasses)}, or a feature or target that is NaN or ±Inf (naming the
     *                                  shard CID, the tensor and the row)
     * @throws IOException              if reading fails (e.g. a block does not hash to its CID)
     */
    public static DatasetSplit fetch(Cid manifestCid, ContentStore store) throws IOException {
        DatasetManifest m = manifest(manifestCid, store);
        LabeledDataset train = fetchPart(m, m.train(), "train", manifestCid, store);
        LabeledDataset test = fetchPart(m, m.test(), "test", manifestCid, store);
        return new DatasetSplit(train, test);
    }

    private static LabeledDataset fetchPart(DatasetManifest m, DatasetManifest.Part part, String partName, Cid manifestCid,
                                            ContentStore store) throws IOException {
        int d = m.numFeatures();
        if ((long) part.rows() * d > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException("dataset manifest " + manifestCid + ": " + partName + " has " + part.rows() + " rows × " + d
                    + " features, more than one array holds");
        }
        float[] features = new float[part.rows() * d];
        int[] labels = new int[part.rows()];
        float[] targets = null; // a regression dataset: every shard carries "targets", F32 [rows]
        int row = 0;
        for (DatasetManifest.Shard shard : part.shards()) {
            String where = "shard " + shard.cid() + " (" + partName + ") of dataset manifest " + manifestCid;
            Cid cid;
            try {
                cid = Cid.parse(shard.cid());
            } catch (MalformedCidException e) {
                throw new DatasetFormatException(where + ": not a CID: " + e.getMessage(), e);
            }
            byte[] bytes;
            try {
                bytes = store.catBytes(cid, maxShardBytes(shard.rows(), d));
            } catch (ContentTooLargeException e) {
                throw new DatasetFormatException(where + " is larger than the " + maxShardBytes(shard.rows(), d) + " bytes that "
                        + shard.rows() + " rows of " + d + " features take", e);
            } catch (ContentNotFoundException e) {
                DatasetNotFoundException nf = new DatasetNotFoundException(store.root(), where + " not found in the content store at "
                        + store.root() + " (" + e.getMessage() + ")");
                nf.initCause(e);
                throw nf;
            }
            Map<String, DatasetShardCodec.RawTensor> tensors;
            try {
                tensors = DatasetShardCodec.decode(bytes);
            } catch (SafetensorsFormatException e) {
                throw new DatasetFormatException(where + " is not a safetensors shard: " + e.getMessage(), e);
            }
            DatasetShardCodec.RawTensor x = require(tensors, DatasetShardCodec.FEATURES, DatasetShardCodec.DType.F32, new long[] {shard.rows(), d}, where);
            DatasetShardCodec.RawTensor y = require(tensors, DatasetShardCodec.LABELS, DatasetShardCodec.DType.I64, new long[] {shard.rows()}, where);
            float[] xs = x.floats();
            requireFinite(xs, d, DatasetShardCodec.FEATURES, row, partName, where);
            System.arraycopy(xs, 0, features, row * d, shard.rows() * d);
            boolean hasTargets = tensors.containsKey(DatasetShardCodec.TARGETS);
            if (row == 0 && hasTargets) targets = new float[part.rows()];
            if (hasTargets != (targets != null)) {
                throw new DatasetFormatException(where + ": " + (hasTargets ? "has" : "lacks") + " a \"targets\" tensor, unlike the first shard of "
                        + partName);
            }
            if (hasTargets) {
                DatasetShardCodec.RawTensor t = require(tensors, DatasetShardCodec.TARGETS, DatasetShardCodec.DType.F32, new long[] {shard.rows()}, where);
                float[] ts = t.floats();
                requireFinite(ts, 1, DatasetShardCodec.TARGETS, row, partName, where);
                System.arraycopy(ts, 0, targets, row, shard.rows());
            }
            long[] ys = y.longs();
            for (int i = 0; i < ys.length; i++) {
                if (ys[i] < 0 || ys[i] >= m.numClasses()) {
                    throw new DatasetFormatException(where + ": label " + ys[i] + " of row " + i + " is outside [0, " + m.numClasses() + ")");
                }
                labels[row + i] = (int) ys[i];
            }
            row += shard.rows();
        }
        return new LabeledDataset(m.name() + "/" + partName, features, labels, d, m.numClasses(), m.imageShape(), m.preprocessing(),
                targets);
    }

    /**
     * Fails on the first NaN or ±Inf of a shard's F32 tensor, which training would otherwise turn into a non-finite
     * model update that is blamed on the client rather than the data.
     *
     * @param values    the tensor, row-major {@code [rows, width]}
     * @param firstRow  the shard's first row within its part
     * @throws DatasetFormatException {@code "<where>: tensor 'features' holds NaN at row 2 (row 6 of train), column 2; …"}
     *                                (rows and columns 0-based)
     */
    private static void requireFinite(float[] values, int width, String tensor, int firstRow, String partName, String where)
            throws DatasetFormatException {
        for (int i = 0; i < values.length; i++) {
            if (Float.isFinite(values[i])) continue;
            int r = i / width;
            throw new DatasetFormatException(where + ": tensor '" + tensor + "' holds " + values[i] + " at row " + r + " (row "
                    + (firstRow + r) + " of " + partName + ")" + (width > 1 ? ", column " + i % width : "")
                    + " (0-based); a dataset's features and targets must be finite numbers");
        }
    }

    private static DatasetShardCodec.RawTensor require(Map<String, DatasetShardCodec.RawTensor> tensors, String name,
                                                       DatasetShardCodec.DType dtype, long[] shape, String where) throws DatasetFormatException {
        DatasetShardCodec.RawTensor t = tensors.get(name);
        if (t == null) throw new DatasetFormatException(where + ": no tensor '" + name + "' (has " + tensors.keySet() + ")");
        if (t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
            throw new DatasetFormatException(where + ": tensor '" + name + "' is " + t.dtype() + " " + Arrays.toString(t.shape())
                    + " but the manifest implies " + dtype + " " + Arrays.toString(shape));
        }
        return t;
    }

    /**
     * Most bytes a shard of {@code rows} rows × {@code d} features may take: F32 features, I64 labels, F32 targets, and
     * {@link #MAX_SHARD_HEADER_BYTES} of header; the manifest's limits keep it below the largest Java array.
     */
    private static long maxShardBytes(int rows, int d) {
        return Math.min(Integer.MAX_VALUE - 8, (long) rows * ((long) d * 4 + 8 + 4) + 8 + MAX_SHARD_HEADER_BYTES);
    }

    /** {@code "digits/train"} → {@code "digits"}. */
    private static String familyName(String name) {
        int slash = name.lastIndexOf('/');
        return slash > 0 ? name.substring(0, slash) : name;
    }
}
