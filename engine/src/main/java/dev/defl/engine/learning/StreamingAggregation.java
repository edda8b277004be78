package dev.defl.engine.learning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Aggregation of updates that are read range by range rather than held whole: for each coordinate range of each
 * tensor (a {@link CoordinateRanges} range of {@code rangeElements} elements), the range is read from each of the N
 * updates through an {@link UpdateBytes} source and fed to the same per-range kernel as the in-memory strategy, so
 * every coordinate sees the same operations in the same update order and the result is <b>bit-identical</b> to
 * {@link AggregationStrategy#aggregate} on the whole updates. Ranges run in parallel across cores.
 *
 * <p>Strategies: {@link FedAvgStrategy} ({@code fedavg}, {@code fedprox}), {@link FedMedian} and {@link TrimmedMean}.
 * The others keep the in-memory path: {@link Krum} needs whole updates (pairwise distances), and the server optimizers
 * ({@link FedAvgM}, {@link FedAdam}, {@link FedYogi}, {@link FedAdagrad}) keep full-size server state.
 *
 * <p>Memory, beyond the output ({@code P·4} bytes): per thread, FedAvg holds one update's range at a time (16 bytes per
 * element of the range: bytes, floats, a {@code double} accumulator); FedMedian and trimmed mean hold all N updates'
 * values of the range ({@code 4·N + 4} bytes per element). {@link #rangeElements} sizes ranges to a byte budget.
 *
 * <p>Validation is the caller's: this class only says that an input was invalid ({@code null} result), as the
 * in-memory strategies' fast path does; the caller then names the update by its own sequential checks.
 */
public final class StreamingAggregation {
    /** Default budget for the range buffers of all threads together: 256 MiB. */
    public static final long DEFAULT_BUFFER_BYTES = 256L << 20;
    /** Largest range, in elements: 1 Mi (4 MiB of float32 per update). */
    public static final int MAX_RANGE_ELEMENTS = 1 << 20;

    /** Where the updates' values come from: little-endian float32, tensors in name order. */
    @FunctionalInterface
    public interface UpdateBytes {
        /**
         * Reads bytes {@code [byteOffset, byteOffset + length)} of the values of tensor number {@code tensor} (index in
         * name order) of update {@code update} into {@code dst[0 .. length)}. Called from several threads at once.
         *
         * @throws IOException if the bytes cannot be read (the aggregation stops and rethrows it)
         */
        void read(int update, int tensor, long byteOffset, byte[] dst, int length) throws IOException;
    }

    private enum Kind { MEAN, SORTED }

    private final AggregationStrategy strategy;
    private final Kind kind;

    private StreamingAggregation(AggregationStrategy strategy, Kind kind) {
        this.strategy = strategy;
        this.kind = kind;
    }

    /** The streaming form of {@code strategy}, or empty if it has none (see the class comment). */
    public static Optional<StreamingAggregation> of(AggregationStrategy strategy) {
        return switch (strategy) {
            case FedAvgStrategy s -> Optional.of(new StreamingAggregation(s, Kind.MEAN));
            case FedMedian s -> Optional.of(new StreamingAggregation(s, Kind.SORTED));
            case TrimmedMean s -> Optional.of(new StreamingAggregation(s, Kind.SORTED));
            case null, default -> Optional.empty();
        };
    }

    /** Whether {@code strategy} has a streaming form. */
    public static boolean supports(AggregationStrategy strategy) {
        return of(strategy).isPresent();
    }

    /** The strategy this streams. */
    public AggregationStrategy strategy() {
        return strategy;
    }

    /**
     * Range size, in elements, for {@code updates} updates and {@code threads} threads within {@code bufferBytes} of
     * range buffers in all: a multiple of 256 (the sorting block), between 256 and {@link #MAX_RANGE_ELEMENTS}.
     *
     * @throws IllegalArgumentException if {@code updates} or {@code threads} is below 1 or {@code bufferBytes} below 1
     */
    public int rangeElements(int updates, int threads, long bufferBytes) {
        if (updates < 1 || threads < 1 || bufferBytes < 1) {
            throw new IllegalArgumentException("updates, threads and buffer bytes must be >= 1, got " + updates + ", "
                    + threads + ", " + bufferBytes);
        }
        long perElement = kind == Kind.MEAN ? 16 : 4L * updates + 4;
        long elements = bufferBytes / threads / perElement;
        return (int) Math.max(256, Math.min(MAX_RANGE_ELEMENTS, elements) & ~255L);
    }

    /**
     * Aggregates N updates read through {@code source}, bit-identical to {@link #strategy()}'s
     * {@link AggregationStrategy#aggregate} on the same updates in the same order.
     *
     * @param shapes        the model's tensors by name (every update has these names and shapes: the caller checked)
     * @param numSamples    {@code n_k} per update, in update order (N = its length)
     * @param source        the updates' values
     * @param rangeElements elements per range ({@link #rangeElements})
     * @param parallelism   threads, the caller's included
     * @return the aggregate, or {@code null} when an input is invalid: no updates, {@code n_k ≤ 0}, {@code Σ n_k} over
     *     {@code Long.MAX_VALUE} (FedAvg), or a NaN/±Inf value (then the ranges not yet started are skipped)
     * @throws IOException              the first failure of {@code source}
     * @throws IllegalArgumentException if {@code rangeElements} or {@code parallelism} is below 1, or a tensor has more
     *                                  than {@code Integer.MAX_VALUE} elements
     */
    public ModelWeights aggregate(SortedMap<String, long[]> shapes, long[] numSamples, UpdateBytes source,
                                  int rangeElements, int parallelism) throws IOException {
        Objects.requireNonNull(source, "source");
        int n = numSamples.length;
        if (n == 0) return null;
        double[] nk = new double[n];
        long total = 0;
        for (int k = 0; k < n; k++) {
            if (numSamples[k] <= 0) return null;
            total += numSamples[k];
            if (total < 0) {
                if (kind == Kind.MEAN) return null; // overflow: FedAvg reports it
                total = Long.MAX_VALUE;
            }
            nk[k] = numSamples[k];
        }
        int[] sizes = new int[shapes.size()];
        int t0 = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long count = Tensor.elementCount(e.getValue());
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(e.getValue())
                        + ", more than " + Integer.MAX_VALUE + " elements");
            }
            sizes[t0++] = (int) count;
        }
        float[][] outputs = new float[sizes.length][];
        int largest = 1;
        for (int t = 0; t < sizes.length; t++) {
            outputs[t] = new float[sizes[t]];
            largest = Math.max(largest, sizes[t]);
        }
        int range = Math.min(rangeElements, largest); // no buffer larger than the largest tensor
        CoordinateRanges ranges = new CoordinateRanges(range, parallelism);
        ConcurrentLinkedQueue<Buffers> pool = new ConcurrentLinkedQueue<>();
        double divisor = total;
        SortedColumns.Sorter sorter = switch (strategy) {
            case FedMedian m -> FedMedian.sorter(n);
            case TrimmedMean tm -> tm.sorter(n);
            default -> null;
        };
        SortedColumns.Reducer reducer = switch (strategy) {
            case FedMedian m -> FedMedian.reducer(n);
            case TrimmedMean tm -> tm.reducer(n);
            default -> null;
        };
        try {
            ranges.forEach(sizes, (t, from, to) -> {
                Buffers b = pool.poll();
                if (b == null) b = new Buffers(kind, n, range, sorter);
                try {
                    boolean finite = kind == Kind.MEAN
                            ? mean(source, t, from, to, nk, divisor, outputs[t], b)
                            : sorted(source, t, from, to, outputs[t], b, sorter, reducer);
                    if (!finite) throw NonFinite.INSTANCE;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    pool.offer(b);
                }
            });
        } catch (NonFinite e) {
            return null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Map<String, Tensor> out = new TreeMap<>();
        int t = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) out.put(e.getKey(), new Tensor(e.getValue(), outputs[t++]));
        return new ModelWeights(out);
    }

    /** FedAvg's range: {@link FedAvg#weightedSum} one update at a time, in update order, then divided and rounded. */
    private static boolean mean(UpdateBytes source, int t, int from, int to, double[] nk, double total, float[] out,
                                Buffers b) throws IOException {
        int width = to - from;
        double[] acc = b.acc;
        Arrays.fill(acc, 0, width, 0.0);
        float[][] one = {b.values[0]};
        double[] c = new double[1];
        for (int k = 0; k < nk.length; k++) {
            read(source, k, t, from, width, b.bytes, b.values[0]);
            c[0] = nk[k];
            FedAvg.weightedSum(one, c, 0, width, acc);
        }
        boolean bad = false;
        for (int i = 0; i < width; i++) {
            double a = acc[i];
            bad |= !Double.isFinite(a);
            out[from + i] = (float) (a / total);
        }
        return !bad;
    }

    /** FedMedian's and trimmed mean's range: every update's values of the range, then the shared sorted-block loop. */
    private static boolean sorted(UpdateBytes source, int t, int from, int to, float[] out, Buffers b,
                                  SortedColumns.Sorter sorter, SortedColumns.Reducer reducer) throws IOException {
        int width = to - from;
        for (int k = 0; k < b.values.length; k++) read(source, k, t, from, width, b.bytes, b.values[k]);
        return SortedColumns.reduceRange(sorter, b.values, 0, out, from, to, b.scratch, reducer);
    }

    private static void read(UpdateBytes source, int k, int t, int from, int width, byte[] bytes, float[] dst) throws IOException {
        source.read(k, t, 4L * from, bytes, 4 * width);
        ByteBuffer.wrap(bytes, 0, 4 * width).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, 0, width);
    }

    /** One thread's range buffers, reused from range to range within one call. */
    private static final class Buffers {
        final byte[] bytes;
        final float[][] values;
        final double[] acc;
        final SortedColumns.Scratch scratch;

        Buffers(Kind kind, int n, int rangeElements, SortedColumns.Sorter sorter) {
            bytes = new byte[4 * rangeElements];
            values = new float[kind == Kind.MEAN ? 1 : n][rangeElements];
            acc = kind == Kind.MEAN ? new double[rangeElements] : null;
            scratch = sorter == null ? null : sorter.scratch();
        }
    }

    /** A range found a NaN or an infinity: stops the other ranges. */
    private static final class NonFinite extends RuntimeException {
        static final NonFinite INSTANCE = new NonFinite();

        private NonFinite() {
            super("a NaN or infinite value", null, false, false);
        }
    }
}
