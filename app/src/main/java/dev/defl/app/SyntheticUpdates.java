package dev.defl.app;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The seeded random client updates of {@code defl bench aggregate}: {@code P} float32 parameters in four 1-D tensors
 * named like a two-layer MLP's {@code state_dict} ({@code 0.weight} gets {@code P − 3·max(1, P/1000)} elements, the
 * others {@code max(1, P/1000)} each), values uniform in [-0.1, 0.1), and a sample count {@code n_k} in 1..1000 per
 * client. The same seed gives the same bytes.
 *
 * <p>The raw form ({@link #writeRaw}, {@link #readRaw}) is the tensors' values as little-endian float32,
 * concatenated in tensor-name order (numpy's {@code np.fromfile(f, "<f4")}).
 */
final class SyntheticUpdates {
    private static final int IO_BYTES = 1 << 20;
    private final long seed;
    private final Map<String, Integer> sizes;

    /**
     * @param parameters P, at least 4
     * @throws IllegalArgumentException if {@code parameters < 4} or above what four Java arrays hold
     */
    SyntheticUpdates(long parameters, long seed) {
        if (parameters < 4) throw new IllegalArgumentException("--params must be at least 4 (four tensors), not " + parameters);
        long small = Math.max(1, parameters / 1000);
        long big = parameters - 3 * small;
        if (big > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--params " + parameters + " is too large: the largest tensor would exceed a Java array");
        }
        this.seed = seed;
        Map<String, Integer> m = new TreeMap<>();
        m.put("0.weight", (int) big);
        m.put("0.bias", (int) small);
        m.put("2.weight", (int) small);
        m.put("2.bias", (int) small);
        this.sizes = java.util.Collections.unmodifiableMap(m);
    }

    /** Element count of each tensor, in name order. */
    Map<String, Integer> sizes() {
        return sizes;
    }

    /** Element counts in name order, as a list. */
    List<Integer> sizeList() {
        return List.copyOf(sizes.values());
    }

    /** {@code n_k} of clients 0..n-1, each in 1..1000. */
    long[] samples(int clients) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] out = new long[clients];
        for (int k = 0; k < clients; k++) out[k] = r.nextInt(1, 1001);
        return out;
    }

    /** Client {@code k}'s weights. */
    ModelWeights client(int k) {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (k + 1L)));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            float[] v = new float[e.getValue()];
            for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() - 0.5) * 0.2);
            tensors.put(e.getKey(), new Tensor(new long[]{v.length}, v));
        }
        return new ModelWeights(tensors);
    }

    /** Weights of the updates' names and shapes, all zero: the task's model for the fetcher's shape checks. */
    ModelWeights shapesOnly() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            tensors.put(e.getKey(), new Tensor(new long[]{e.getValue()}, new float[e.getValue()]));
        }
        return new ModelWeights(tensors);
    }

    /** Writes {@code w}'s values as raw little-endian float32, tensors in name order. */
    static void writeRaw(ModelWeights w, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Tensor t : w.tensors().values()) {
                float[] v = t.values();
                for (int i = 0; i < v.length; ) {
                    buf.clear();
                    int n = Math.min(v.length - i, IO_BYTES / 4);
                    buf.asFloatBuffer().put(v, i, n);
                    buf.limit(4 * n);
                    while (buf.hasRemaining()) ch.write(buf);
                    i += n;
                }
            }
        }
    }

    /**
     * Reads a raw file written by {@link #writeRaw} (or numpy's {@code tofile} of {@code "<f4"}) into tensors of these
     * sizes.
     *
     * @throws IOException if the file is shorter or longer than the tensors need
     */
    ModelWeights readRaw(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long expected = 4L * sizes.values().stream().mapToLong(Integer::longValue).sum();
            if (ch.size() != expected) throw new IOException(file + " has " + ch.size() + " bytes, expected " + expected);
            for (Map.Entry<String, Integer> e : sizes.entrySet()) {
                float[] v = new float[e.getValue()];
                for (int i = 0; i < v.length; ) {
                    buf.clear();
                    buf.limit(4 * Math.min(v.length - i, IO_BYTES / 4));
                    while (buf.hasRemaining()) {
                        if (ch.read(buf) < 0) throw new IOException(file + " ended early");
                    }
                    buf.flip();
                    int n = buf.remaining() / 4;
                    buf.asFloatBuffer().get(v, i, n);
                    i += n;
                }
                tensors.put(e.getKey(), new Tensor(new long[]{v.length}, v));
            }
        }
        return new ModelWeights(tensors);
    }
}
